namespace Billing.Core.Channels;

/// <summary>
/// A confirmed read of the channel's on-chain state at one block. <paramref name="ChainTime"/> is the newest block's
/// timestamp (chain seconds; 0 when unknown), the chain's clock against which withdrawal deadlines run.
/// </summary>
public readonly record struct OnChainChannelSnapshot(
    UInt128 Balance,
    UInt128 TotalClaimed,
    UInt128 PendingWithdrawal,
    ulong WithdrawRequestedAt,
    ulong RefundNonce,
    ulong Block,
    ulong ChainTime = 0);
