namespace Billing.Server.Reconciliation;

/// <summary>What GET /operator/reconciliation answers.</summary>
/// <param name="Block">The chain block every on-chain figure was read at.</param>
/// <param name="Balanced">True when no discrepancy is an error (pending amounts allowed).</param>
public sealed record ReconciliationReport(
    DateTimeOffset At,
    ulong Block,
    bool Balanced,
    ReconciliationTotals Totals,
    IReadOnlyList<ChannelReconciliation> Channels,
    IReadOnlyList<Discrepancy> Discrepancies);
