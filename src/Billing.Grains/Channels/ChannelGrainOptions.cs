using Billing.Core.Channels;

namespace Billing.Grains.Channels;

/// <summary>Channel grain behaviour. Bound from configuration section "Channels".</summary>
public sealed class ChannelGrainOptions
{
    public const string Section = "Channels";

    public ChannelLedgerOptions Ledger { get; set; } = new();

    /// <summary>
    /// A voucher refused for lack of escrow triggers a fresh chain read (a top-up may have landed) at most this often per
    /// channel, so unfunded or unknown channels cannot turn requests into RPC load.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest time a refund holds the channel (no voucher accepted while escrow may be leaving). The refund releases it
    /// when its transaction is confirmed or failed; a refund whose caller died or gave up releases it only by this timeout,
    /// after which the channel is re-read from the chain. Longer than the refund's own receipt wait (60 s).
    /// </summary>
    public TimeSpan RefundHoldTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How long a silo remembers that a chain read found a channel without escrow, and refuses its vouchers and refunds
    /// without reading again. A deposit seen by the chain watcher or executed by the server ends it at once; a deposit made
    /// straight on chain counts after this long at most. Zero turns the cache off.
    /// </summary>
    public TimeSpan UnfundedChannelTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most channels a silo remembers as unfunded at once; past it, new ones are read from the chain again.</summary>
    public int UnfundedChannelCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long the activation of a channel that never paid (nothing stored, charged, reserved or escrowed) stays after a
    /// refusal, instead of the idle collection age: a flood of vouchers for unknown channels holds memory this long at most.
    /// </summary>
    public TimeSpan NeverPaidLinger { get; set; } = TimeSpan.FromSeconds(5);

    public DurabilityMode Durability { get; set; } = DurabilityMode.Strict;

    /// <summary>Windowed mode: longest time a committed charge waits before it is handed to the charge log.</summary>
    public TimeSpan WriteBehindDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Windowed mode: most atomic units acknowledged but not yet written, per channel. A commit that would exceed it is
    /// written before it is acknowledged. This is also the most a payer's later voucher may restore after a crash.
    /// </summary>
    public ulong WriteBehindMaxAmount { get; set; } = 100_000;

    /// <summary>
    /// A channel writes a snapshot of its ledger (grain state) behind the charge log after this many charges, so that
    /// recovery replays at most about this many log records. The write never holds the channel, but it is not free: a
    /// snapshot copies and serializes the whole ledger, remembered request ids included, and at 128 charges per snapshot
    /// that churn set off a gen-2 collection about every second under load (none without snapshots).
    /// </summary>
    public int SnapshotEveryCharges { get; set; } = 1024;

    /// <summary>Longest time a channel's charges wait for a snapshot (also written on deactivation).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many days of per-model usage a channel keeps for reports.</summary>
    public int UsageRetentionDays { get; set; } = 7;
}
