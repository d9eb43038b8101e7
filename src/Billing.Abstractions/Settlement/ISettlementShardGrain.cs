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

    /// <summary>
    /// The payer started a withdrawal: the channel must be claimed on the next settlement tick, before the withdrawal can
    /// finalize. Registers the channel if it was not.
    /// </summary>
    [Alias("register-urgent")]
    ValueTask RegisterUrgent(string channelId);

    [Alias("channels")]
    ValueTask<IReadOnlyList<string>> GetChannels();

    /// <summary>The registered channels with when each registered (its oldest unclaimed charge) and whether it is urgent.</summary>
    [Alias("entries")]
    ValueTask<IReadOnlyList<SettlementShardEntry>> GetEntries();

    /// <summary>Forgets channels whose charges are fully claimed; they register again when they earn more.</summary>
    [Alias("settled")]
    ValueTask MarkSettled(IReadOnlyList<string> channelIds);
}
