namespace Billing.Server.Exact;

/// <summary>
/// What became of an accepted <c>exact</c> transfer by the time the request is answered: settled (receipt seen), pending
/// (sent, receipt late: the reconciler finishes it) or failed (nothing moved, or the transaction reverted).
/// </summary>
public sealed record ExactTransferOutcome(ExactTransferState State, string Transaction, string? Reason, string? Message)
{
    public static ExactTransferOutcome Settled(string transaction) => new(ExactTransferState.Settled, transaction, null, null);

    public static ExactTransferOutcome Pending(string transaction) => new(ExactTransferState.Pending, transaction, null, null);

    public static ExactTransferOutcome Failed(string reason, string message, string transaction = "") => new(ExactTransferState.Failed, transaction, reason, message);
}

public enum ExactTransferState
{
    Settled,
    Pending,
    Failed,
}
