namespace Billing.Core.Channels;

/// <summary>A confirmed read of the channel's on-chain state at one block.</summary>
public readonly record struct OnChainChannelSnapshot(
    UInt128 Balance,
    UInt128 TotalClaimed,
    UInt128 PendingWithdrawal,
    ulong WithdrawRequestedAt,
    ulong RefundNonce,
    ulong Block);
