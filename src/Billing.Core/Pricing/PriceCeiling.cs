using Billing.Core.Metering;

namespace Billing.Core.Pricing;

/// <summary>
/// The most a request can cost given upper bounds on its usage: what the channel reserves and the voucher must cover.
/// </summary>
/// <remarks>
/// Every token is priced at its kind's most expensive tier, not at the tier the payer's period-to-date quantity points
/// to: that quantity can change before the request commits (concurrent requests, a new period resetting it to zero),
/// and a reservation must cover the charge whatever happens.
/// </remarks>
public static class PriceCeiling
{
    /// <summary>The worst-case charge in atomic units, rounded up so the voucher covers the exact worst case.</summary>
    /// <exception cref="BillingOverflowException">The ceiling does not fit in 128 bits.</exception>
    public static UInt128 Compute(PriceEntry price, UsageQuantities bounds) =>
        ChargeRounding.RoundUpToAtomic(WorstCase(price, bounds));

    /// <summary>The exact worst-case charge in sub-units.</summary>
    /// <exception cref="BillingOverflowException">The ceiling does not fit in 128 bits.</exception>
    public static SubUnits WorstCase(PriceEntry price, UsageQuantities bounds)
    {
        ArgumentNullException.ThrowIfNull(price);
        var usageCharge = (price.CallFee * bounds.Calls)
            + (price.InputTokens.MaxPricePerToken * bounds.InputTokens)
            + (price.CachedInputTokens.MaxPricePerToken * bounds.CachedInputTokens)
            + (price.CacheWriteTokens.MaxPricePerToken * bounds.CacheWriteTokens)
            + (price.OutputTokens.MaxPricePerToken * bounds.OutputTokens)
            + (price.ReasoningTokens.MaxPricePerToken * bounds.ReasoningTokens);
        return SubUnits.Max(usageCharge, price.MinimumCharge);
    }
}
