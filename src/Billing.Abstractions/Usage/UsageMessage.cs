namespace Billing.Abstractions.Usage;

/// <summary>What one request consumed, by dimension. Token kinds do not overlap: a cached input token is not also an input token.</summary>
[GenerateSerializer, Immutable, Alias("billing.usage")]
public sealed record UsageMessage(
    [property: Id(0)] ulong Calls,
    [property: Id(1)] ulong InputTokens = 0,
    [property: Id(2)] ulong CachedInputTokens = 0,
    [property: Id(3)] ulong CacheWriteTokens = 0,
    [property: Id(4)] ulong OutputTokens = 0,
    [property: Id(5)] ulong ReasoningTokens = 0)
{
    public static UsageMessage OneCall { get; } = new(1);
}
