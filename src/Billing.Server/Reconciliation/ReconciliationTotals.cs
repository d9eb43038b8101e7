namespace Billing.Server.Reconciliation;

/// <summary>
/// Sums over the reconciled channels, and the receiver-wide settlement figures of the server's (receiver, token): settle
/// sweeps per receiver and token, not per channel. Amounts are decimal strings of atomic units.
/// </summary>
public sealed record ReconciliationTotals(
    int Channels,
    int JournalRows,
    string Charged,
    string Journal,
    string Claimed,
    string Unclaimed,
    string ReceiverClaimed,
    string Settled,
    string Unsettled);
