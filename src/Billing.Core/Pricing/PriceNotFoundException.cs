namespace Billing.Core.Pricing;

/// <summary>No price of the price book applies to a route and model at a given time.</summary>
public sealed class PriceNotFoundException : Exception
{
    public PriceNotFoundException()
        : base("No price applies.")
    {
    }

    public PriceNotFoundException(string message)
        : base(message)
    {
    }

    public PriceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PriceNotFoundException(string route, string? model, DateTimeOffset at)
        : base($"No price for route '{route}' and model '{model ?? PriceEntry.AnyModel}' is in effect at {at:O}.")
    {
        Route = route;
        Model = model;
        At = at;
    }

    public string? Route { get; }

    public string? Model { get; }

    public DateTimeOffset? At { get; }
}
