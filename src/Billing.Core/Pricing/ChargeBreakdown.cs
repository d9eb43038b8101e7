namespace Billing.Core.Pricing;

/// <summary>The exact charge of one request, by dimension, in sub-units.</summary>
/// <param name="MinimumTopUp">What was added to reach the price's minimum charge; zero when the usage cost more.</param>
public readonly record struct ChargeBreakdown(
    SubUnits CallFees,
    SubUnits InputTokens,
    SubUnits CachedInputTokens,
    SubUnits CacheWriteTokens,
    SubUnits OutputTokens,
    SubUnits ReasoningTokens,
    SubUnits MinimumTopUp)
{
    /// <summary>What the usage itself costs, before any minimum.</summary>
    public SubUnits UsageCharge =>
        CallFees + InputTokens + CachedInputTokens + CacheWriteTokens + OutputTokens + ReasoningTokens;

    /// <summary>The exact amount to commit: usage plus the minimum top-up.</summary>
    public SubUnits Total => UsageCharge + MinimumTopUp;

    public SubUnits For(TokenKind kind) => kind switch
    {
        TokenKind.Input => InputTokens,
        TokenKind.CachedInput => CachedInputTokens,
        TokenKind.CacheWrite => CacheWriteTokens,
        TokenKind.Output => OutputTokens,
        TokenKind.Reasoning => ReasoningTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
    };
}
