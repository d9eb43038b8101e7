namespace Billing.Core.Channels;

/// <summary>
/// The channel's on-chain state as last confirmed. Only confirmed state counts as spendable balance: an unconfirmed top-up
/// that is later reorged away would otherwise let a payer spend escrow that never existed (x402 #2559).
/// </summary>
public sealed class OnChainChannel
{
    public UInt128 Balance { get; set; }

    public UInt128 TotalClaimed { get; set; }

    public UInt128 PendingWithdrawal { get; set; }

    /// <summary>Chain seconds when the payer initiated a withdrawal; 0 when none is pending.</summary>
    public ulong WithdrawRequestedAt { get; set; }

    public ulong RefundNonce { get; set; }

    /// <summary>Block whose state this mirror reflects; 0 when never synced.</summary>
    public ulong SyncedAtBlock { get; set; }

    public DateTimeOffset SyncedAt { get; set; }

    /// <summary>Chain seconds of the newest block seen (0: none yet), to judge withdrawal deadlines on the chain's clock.</summary>
    public ulong ChainTime { get; set; }

    /// <summary>When <see cref="ChainTime"/> was observed.</summary>
    public DateTimeOffset ChainTimeObservedAt { get; set; }

    /// <summary>Highest (block, log index) applied, so replayed or reordered events change nothing.</summary>
    public ChainEventPosition LastEvent { get; set; }
}
