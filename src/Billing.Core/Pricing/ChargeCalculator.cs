namespace Billing.Core.Pricing;

/// <summary>Prices one request's usage exactly. Pure: the same inputs always give the same charge.</summary>
public static class ChargeCalculator
{
    /// <summary>The exact charge of one request.</summary>
    /// <param name="price">The version resolved for the request's route, model and arrival time.</param>
    /// <param name="usage">What the request consumed.</param>
    /// <param name="periodToDate">
    /// What the payer consumed earlier in the price's <see cref="PriceEntry.TierPeriod"/>, excluding this request; only
    /// tiered rates look at it.
    /// </param>
    /// <exception cref="BillingOverflowException">The charge does not fit in 128 bits.</exception>
    public static ChargeBreakdown Calculate(PriceEntry price, UsageQuantities usage, UsageQuantities periodToDate)
    {
        ArgumentNullException.ThrowIfNull(price);
        var byUsage = new ChargeBreakdown(
            CallFees: price.CallFee * usage.Calls,
            InputTokens: price.InputTokens.Charge(usage.InputTokens, periodToDate.InputTokens),
            CachedInputTokens: price.CachedInputTokens.Charge(usage.CachedInputTokens, periodToDate.CachedInputTokens),
            CacheWriteTokens: price.CacheWriteTokens.Charge(usage.CacheWriteTokens, periodToDate.CacheWriteTokens),
            OutputTokens: price.OutputTokens.Charge(usage.OutputTokens, periodToDate.OutputTokens),
            ReasoningTokens: price.ReasoningTokens.Charge(usage.ReasoningTokens, periodToDate.ReasoningTokens),
            MinimumTopUp: SubUnits.Zero);

        var usageCharge = byUsage.UsageCharge;
        return usageCharge >= price.MinimumCharge
            ? byUsage
            : byUsage with { MinimumTopUp = price.MinimumCharge - usageCharge };
    }

    /// <summary>The exact charge of one request of a payer with no earlier usage in the period.</summary>
    public static ChargeBreakdown Calculate(PriceEntry price, UsageQuantities usage) =>
        Calculate(price, usage, UsageQuantities.None);
}
