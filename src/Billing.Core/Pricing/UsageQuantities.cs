namespace Billing.Core.Pricing;

/// <summary>
/// What one request (or a period of requests) consumed: tokens by kind and calls.
/// </summary>
/// <remarks>
/// The kinds are disjoint: a cached prompt token is counted in <see cref="CachedInputTokens"/> only, a reasoning token in
/// <see cref="ReasoningTokens"/> only. Providers report some of them as subsets of a total (OpenAI's
/// <c>prompt_tokens</c> includes cached tokens); <see cref="FromInclusiveCounts"/> splits such reports so nothing is
/// billed twice.
/// </remarks>
public readonly record struct UsageQuantities(
    ulong InputTokens = 0,
    ulong CachedInputTokens = 0,
    ulong CacheWriteTokens = 0,
    ulong OutputTokens = 0,
    ulong ReasoningTokens = 0,
    ulong Calls = 0)
{
    public static UsageQuantities None => default;

    /// <summary>One call with no tokens yet: the starting point of a request's usage.</summary>
    public static UsageQuantities OneCall => new(Calls: 1);

    public ulong this[TokenKind kind] => kind switch
    {
        TokenKind.Input => InputTokens,
        TokenKind.CachedInput => CachedInputTokens,
        TokenKind.CacheWrite => CacheWriteTokens,
        TokenKind.Output => OutputTokens,
        TokenKind.Reasoning => ReasoningTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
    };

    public ulong TotalTokens =>
        Sum(Sum(Sum(Sum(InputTokens, CachedInputTokens), CacheWriteTokens), OutputTokens), ReasoningTokens);

    /// <summary>A copy with <paramref name="tokens"/> more tokens of <paramref name="kind"/>.</summary>
    public UsageQuantities AddTokens(TokenKind kind, ulong tokens) => kind switch
    {
        TokenKind.Input => this with { InputTokens = Sum(InputTokens, tokens) },
        TokenKind.CachedInput => this with { CachedInputTokens = Sum(CachedInputTokens, tokens) },
        TokenKind.CacheWrite => this with { CacheWriteTokens = Sum(CacheWriteTokens, tokens) },
        TokenKind.Output => this with { OutputTokens = Sum(OutputTokens, tokens) },
        TokenKind.Reasoning => this with { ReasoningTokens = Sum(ReasoningTokens, tokens) },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
    };

    /// <summary>True when no quantity exceeds the same quantity of <paramref name="bounds"/>.</summary>
    public bool FitsWithin(UsageQuantities bounds) =>
        InputTokens <= bounds.InputTokens
        && CachedInputTokens <= bounds.CachedInputTokens
        && CacheWriteTokens <= bounds.CacheWriteTokens
        && OutputTokens <= bounds.OutputTokens
        && ReasoningTokens <= bounds.ReasoningTokens
        && Calls <= bounds.Calls;

    public static UsageQuantities operator +(UsageQuantities left, UsageQuantities right) => new(
        Sum(left.InputTokens, right.InputTokens),
        Sum(left.CachedInputTokens, right.CachedInputTokens),
        Sum(left.CacheWriteTokens, right.CacheWriteTokens),
        Sum(left.OutputTokens, right.OutputTokens),
        Sum(left.ReasoningTokens, right.ReasoningTokens),
        Sum(left.Calls, right.Calls));

    /// <summary>
    /// One call's usage from a report whose totals include their parts: <paramref name="promptTokens"/> includes the
    /// cached and cache-write tokens, <paramref name="completionTokens"/> includes the reasoning tokens.
    /// </summary>
    /// <exception cref="ArgumentException">A part is larger than the total that should contain it.</exception>
    public static UsageQuantities FromInclusiveCounts(
        ulong promptTokens,
        ulong cachedPromptTokens,
        ulong cacheWriteTokens,
        ulong completionTokens,
        ulong reasoningTokens)
    {
        var promptParts = Sum(cachedPromptTokens, cacheWriteTokens);
        if (promptParts > promptTokens)
        {
            throw new ArgumentException(
                $"Cached ({cachedPromptTokens}) plus cache-write ({cacheWriteTokens}) tokens exceed the prompt's {promptTokens}.",
                nameof(promptTokens));
        }

        if (reasoningTokens > completionTokens)
        {
            throw new ArgumentException(
                $"Reasoning tokens ({reasoningTokens}) exceed the completion's {completionTokens}.",
                nameof(completionTokens));
        }

        return new UsageQuantities(
            InputTokens: promptTokens - promptParts,
            CachedInputTokens: cachedPromptTokens,
            CacheWriteTokens: cacheWriteTokens,
            OutputTokens: completionTokens - reasoningTokens,
            ReasoningTokens: reasoningTokens,
            Calls: 1);
    }

    private static ulong Sum(ulong left, ulong right)
    {
        try
        {
            return checked(left + right);
        }
        catch (OverflowException ex)
        {
            throw new BillingOverflowException($"Usage quantity {left} + {right} overflows 64 bits.", ex);
        }
    }
}
