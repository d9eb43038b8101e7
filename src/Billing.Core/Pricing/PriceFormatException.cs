namespace Billing.Core.Pricing;

/// <summary>A configured price cannot be read, or cannot be represented exactly in sub-units.</summary>
public sealed class PriceFormatException : FormatException
{
    public PriceFormatException()
        : base("The price is not valid.")
    {
    }

    public PriceFormatException(string message)
        : base(message)
    {
    }

    public PriceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
