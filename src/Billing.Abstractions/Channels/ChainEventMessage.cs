namespace Billing.Abstractions.Channels;

/// <summary>What happened to a channel on chain, at its (block, log index); see the contract's events.</summary>
[GenerateSerializer, Immutable, Alias("billing.chain-event")]
public sealed record ChainEventMessage(
    [property: Id(0)] ulong Block,
    [property: Id(1)] ulong LogIndex,
    [property: Id(2)] ChainEventKind Kind,
    [property: Id(3)] UInt128 Amount,
    [property: Id(4)] ulong Time);

/// <summary>
/// Deposited and Claimed carry the new total; Refunded and WithdrawFinalized the amount that left; WithdrawInitiated the
/// pending amount with the time it may finalize.
/// </summary>
[GenerateSerializer, Alias("billing.chain-event-kind")]
public enum ChainEventKind
{
    Deposited = 1,
    Claimed = 2,
    Refunded = 3,
    WithdrawInitiated = 4,
    WithdrawFinalized = 5,
}
