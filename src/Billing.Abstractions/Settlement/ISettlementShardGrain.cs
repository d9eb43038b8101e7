namespace Billing.Abstractions.Settlement;

/// <summary>
/// Remembers which channels owe a claim, one shard per slice of channel ids, so settlement never funnels through a single
/// grain and no shard sits on the payment hot path (a channel registers once, when it first has unclaimed charges).
/// </summary>
[Alias("billing.ISettlementShardGrain")]
public interface ISettlementShardGrain : IGrainWithStringKey
{
    [Alias("register")]
    ValueTask Register(string channelId);

    [Alias("channels")]
    ValueTask<IReadOnlyList<string>> GetChannels();

    /// <summary>Forgets channels whose charges are fully claimed; they register again when they earn more.</summary>
    [Alias("settled")]
    ValueTask MarkSettled(IReadOnlyList<string> channelIds);
}
