namespace Billing.Abstractions.Settlement;

/// <summary>
/// One channel that owes a claim: since when (it registered at its first unclaimed charge, so this is the age of the oldest
/// unclaimed charge) and whether a pending withdrawal makes it urgent.
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.settlement-shard-entry")]
public sealed record SettlementShardEntry(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] DateTimeOffset RegisteredAt,
    [property: Id(2)] bool Urgent);
