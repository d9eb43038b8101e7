namespace Billing.Core.Pricing;

/// <summary>
/// An amount or a quantity left the range of its integer type. Thrown instead of wrapping, so an absurd usage report can
/// never turn into a small (or zero) charge.
/// </summary>
public sealed class BillingOverflowException : OverflowException
{
    public BillingOverflowException()
        : base("An amount or quantity exceeded its integer range.")
    {
    }

    public BillingOverflowException(string message)
        : base(message)
    {
    }

    public BillingOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
