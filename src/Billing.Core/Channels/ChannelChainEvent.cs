namespace Billing.Core.Channels;

public enum ChannelChainEventKind
{
    /// <summary><see cref="ChannelChainEvent.Amount"/> is the channel's new balance.</summary>
    Deposited = 1,

    /// <summary><see cref="ChannelChainEvent.Amount"/> is the channel's new cumulative claimed total.</summary>
    Claimed = 2,

    /// <summary><see cref="ChannelChainEvent.Amount"/> left the channel back to the payer.</summary>
    Refunded = 3,

    /// <summary><see cref="ChannelChainEvent.Amount"/> is pending withdrawal; <see cref="ChannelChainEvent.Time"/> is when it may finalize.</summary>
    WithdrawInitiated = 4,

    /// <summary><see cref="ChannelChainEvent.Amount"/> left the channel to the payer and the pending withdrawal ended.</summary>
    WithdrawFinalized = 5,
}

/// <summary>One of the channel contract's events, reduced to what the ledger mirrors, at its position in the chain.</summary>
public readonly record struct ChannelChainEvent(ChainEventPosition Position, ChannelChainEventKind Kind, UInt128 Amount, ulong Time = 0);
