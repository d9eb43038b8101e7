namespace Billing.Core.Pricing;

/// <summary>
/// One version of the price of a route (and model): what a request costs from <see cref="EffectiveFrom"/> until the
/// next version of the same route and model takes effect. All amounts are in sub-units (<see cref="SubUnits"/>).
/// </summary>
public sealed record PriceEntry
{
    /// <summary>The model value that stands for "every model without a price of its own" in configuration.</summary>
    public const string AnyModel = "*";

    /// <summary>The priced route, compared ordinally (e.g. <c>/v1/chat/completions</c>).</summary>
    public required string Route
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("A price needs a route.", nameof(Route))
            : value;
    }

    /// <summary>The model, compared case-insensitively; <c>null</c> (or <see cref="AnyModel"/>) is the route's default.</summary>
    public string? Model
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value) || value == AnyModel ? null : value;
    }

    /// <summary>The instant this version starts to apply; a lookup takes the request's arrival time.</summary>
    public required DateTimeOffset EffectiveFrom { get; init; }

    /// <summary>Fee per call, in sub-units so that per-call fees below one atomic unit are possible too.</summary>
    public SubUnits CallFee { get; init; }

    /// <summary>The least one request costs; a cheaper request is topped up to it.</summary>
    public SubUnits MinimumCharge { get; init; }

    public TokenRate InputTokens { get; init => field = NotNull(value); } = TokenRate.Free;

    public TokenRate CachedInputTokens { get; init => field = NotNull(value); } = TokenRate.Free;

    public TokenRate CacheWriteTokens { get; init => field = NotNull(value); } = TokenRate.Free;

    public TokenRate OutputTokens { get; init => field = NotNull(value); } = TokenRate.Free;

    public TokenRate ReasoningTokens { get; init => field = NotNull(value); } = TokenRate.Free;

    /// <summary>The period tiered rates accumulate over; the caller passes the payer's quantities within it.</summary>
    public UsagePeriod TierPeriod { get; init; } = UsagePeriod.Month;

    public bool IsModelDefault => Model is null;

    public TokenRate RateFor(TokenKind kind) => kind switch
    {
        TokenKind.Input => InputTokens,
        TokenKind.CachedInput => CachedInputTokens,
        TokenKind.CacheWrite => CacheWriteTokens,
        TokenKind.Output => OutputTokens,
        TokenKind.Reasoning => ReasoningTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
    };

    public override string ToString() => $"{Route} [{Model ?? AnyModel}] from {EffectiveFrom:O}";

    private static TokenRate NotNull(TokenRate value) => value ?? throw new ArgumentNullException(nameof(value));
}
