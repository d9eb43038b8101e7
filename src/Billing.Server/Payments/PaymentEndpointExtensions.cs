namespace Billing.Server.Payments;

public static class PaymentEndpointExtensions
{
    /// <summary>
    /// Puts a price on an endpoint: requests without a valid payment get a 402 offering the batch-settlement scheme, paid
    /// requests are charged once the handler succeeds (status below 400).
    /// </summary>
    public static TBuilder RequirePayment<TBuilder>(this TBuilder builder, UInt128 price, string? description = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfEqual(price, UInt128.Zero);
        builder.WithMetadata(new PaymentRequirement(price, description));
        return builder;
    }
}
