using Billing.Core.Pricing;

namespace Billing.Core.Metering;

/// <summary>Sums over a set of requests.</summary>
/// <param name="Requests">How many requests were recorded.</param>
/// <param name="Usage">Their tokens by kind and calls.</param>
/// <param name="Accrued">Their exact charges, in sub-units.</param>
/// <param name="Charged">The atomic units actually committed for them (after rounding with carry).</param>
public readonly record struct UsageTotals(ulong Requests, UsageQuantities Usage, SubUnits Accrued, UInt128 Charged)
{
    public static UsageTotals None => default;

    /// <exception cref="BillingOverflowException">A sum overflows.</exception>
    public static UsageTotals operator +(UsageTotals left, UsageTotals right)
    {
        try
        {
            return new UsageTotals(
                checked(left.Requests + right.Requests),
                left.Usage + right.Usage,
                left.Accrued + right.Accrued,
                checked(left.Charged + right.Charged));
        }
        catch (OverflowException ex) when (ex is not BillingOverflowException)
        {
            throw new BillingOverflowException("Usage totals overflow.", ex);
        }
    }
}
