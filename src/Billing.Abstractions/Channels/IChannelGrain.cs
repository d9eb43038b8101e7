using Billing.Abstractions.Usage;

namespace Billing.Abstractions.Channels;

/// <summary>
/// One payment channel's off-chain state and its single writer. Keyed by the channel id (0x + 64 lower-case hex, never
/// all digits, which sidesteps the ADO.NET numeric-key bug).
/// </summary>
[Alias("billing.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    /// <summary>Verifies the voucher and reserves its ceiling. Idempotent under the request id.</summary>
    [Alias("authorize")]
    ValueTask<PaymentDecision> Authorize(VoucherPresentation presentation);

    /// <summary>
    /// Whether <see cref="Authorize"/> would accept this voucher once a deposit of <paramref name="deposit"/> has landed:
    /// checked before the deposit is sent, reserving nothing. A request id already seen is refused as a conflict.
    /// </summary>
    [Alias("preview-deposit")]
    ValueTask<PaymentDecision> PreviewDeposit(VoucherPresentation presentation, UInt128 deposit);

    /// <summary>Charges the actual amount (≤ the reserved ceiling); durable before it returns under strict durability.</summary>
    [Alias("commit")]
    ValueTask<PaymentDecision> Commit(string requestId, UInt128 charge);

    /// <summary>Charges a metered amount given exactly (≤ the reserved ceiling) and records the usage it prices.</summary>
    [Alias("commit-metered")]
    ValueTask<PaymentDecision> CommitMetered(string requestId, MeteredCharge charge);

    /// <summary>Daily usage rows between two instants (UTC days), for reports.</summary>
    [Alias("usage")]
    ValueTask<IReadOnlyList<UsageReportRow>> GetUsage(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Releases a reservation without charging.</summary>
    [Alias("void")]
    ValueTask<PaymentDecision> Void(string requestId);

    /// <summary>
    /// Renews the lease of an open reservation while its request still runs, so it does not expire under a long handler
    /// or stream. ReservationNotFound when it was committed, voided, or lapsed and its place was taken.
    /// </summary>
    [Alias("renew")]
    ValueTask<PaymentDecision> Renew(string requestId);

    /// <summary>
    /// Holds the channel for a refund the payer asked for with a zero-charge voucher (maxClaimableAmount == charged):
    /// verifies it, refuses while a request is open, reads the chain fresh. <see cref="CompleteRefund"/> should follow; a
    /// hold that is never completed (its caller died or gave up) lapses after the configured refund hold time.
    /// </summary>
    [Alias("prepare-refund")]
    ValueTask<RefundPreparation> PrepareRefund(VoucherPresentation presentation);

    /// <summary>Re-reads the chain after the refund transaction (or its failure) and releases the channel.</summary>
    [Alias("complete-refund")]
    ValueTask<ChannelView?> CompleteRefund();

    [Alias("view")]
    ValueTask<ChannelView?> GetView();

    /// <summary>
    /// Hands what the write-behind window holds to the charge log and waits until it is durable, then returns the view:
    /// what reconciliation compares with the journal, so that a charge still inside the window is not mistaken for a mismatch.
    /// </summary>
    [Alias("durable-view")]
    ValueTask<ChannelView?> GetDurableView();

    /// <summary>The claim settlement should make, or null when nothing is owed beyond what was claimed.</summary>
    [Alias("claim-candidate")]
    ValueTask<ClaimCandidate?> GetClaimCandidate();

    /// <summary>Applies contract events in chain order; replays and events already reflected change nothing.</summary>
    [Alias("apply-events")]
    ValueTask ApplyChainEvents(IReadOnlyList<ChainEventMessage> events);

    /// <summary>
    /// After a reorg removed blocks this channel had seen: forget what the chain told us and read it afresh. Charges are
    /// ours and are kept; only the mirror of the chain is rebuilt.
    /// </summary>
    [Alias("resync-after-reorg")]
    ValueTask ResyncAfterReorg();

    /// <summary>Re-reads the channel's confirmed on-chain state (after a claim, a deposit or a watcher event).</summary>
    [Alias("sync")]
    ValueTask<ChannelView?> SyncFromChain();
}
