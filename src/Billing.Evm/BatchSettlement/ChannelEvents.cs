using Billing.Evm.Rpc;

namespace Billing.Evm.BatchSettlement;

/// <summary>A decoded settlement-contract event. <see cref="Log"/> keeps block and transaction coordinates.</summary>
public abstract record ChannelEvent(LogEntry Log);

public sealed record ChannelCreatedEvent(LogEntry Log, Hash32 ChannelId, ChannelConfig Config) : ChannelEvent(Log);

public sealed record ChannelClosedEvent(LogEntry Log, Hash32 ChannelId, ChannelConfig Config) : ChannelEvent(Log);

public sealed record DepositedEvent(LogEntry Log, Hash32 ChannelId, Address Sender, UInt128 Amount, UInt128 NewBalance) : ChannelEvent(Log);

public sealed record ClaimedEvent(LogEntry Log, Hash32 ChannelId, Address Sender, UInt128 ClaimAmount, UInt128 NewTotalClaimed)
    : ChannelEvent(Log);

public sealed record SettledEvent(LogEntry Log, Address Receiver, Address Token, Address Sender, UInt128 Amount) : ChannelEvent(Log);

public sealed record RefundedEvent(LogEntry Log, Hash32 ChannelId, Address Sender, UInt128 Amount) : ChannelEvent(Log);

public sealed record WithdrawInitiatedEvent(LogEntry Log, Hash32 ChannelId, UInt128 Amount, ulong FinalizeAfter) : ChannelEvent(Log);

public sealed record WithdrawFinalizedEvent(LogEntry Log, Hash32 ChannelId, Address Sender, UInt128 Amount) : ChannelEvent(Log);
