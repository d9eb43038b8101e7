namespace Billing.Abstractions.Settlement;

/// <summary>
/// The settlement runner's durable memory, one per cluster (key <see cref="Key"/>): the claim batches in flight and a lease
/// that keeps automatic settlement to a single runner. Touched once per batch and once per tick, never on a payment.
/// </summary>
[Alias("billing.ISettlementJournalGrain")]
public interface ISettlementJournalGrain : IGrainWithStringKey
{
    public const string Key = "settlement-journal";

    /// <summary>Inserts or replaces the record with the same batch id.</summary>
    [Alias("record")]
    ValueTask Record(ClaimBatchRecord batch);

    [Alias("find")]
    ValueTask<ClaimBatchRecord?> Find(string batchId);

    /// <summary>Batches still <see cref="ClaimBatchStatus.Sent"/>, oldest first.</summary>
    [Alias("in-flight")]
    ValueTask<IReadOnlyList<ClaimBatchRecord>> GetInFlight();

    /// <summary>Batches completed since <paramref name="since"/>, whose blocks a reorg could still remove.</summary>
    [Alias("completed-since")]
    ValueTask<IReadOnlyList<ClaimBatchRecord>> GetCompletedSince(DateTimeOffset since);

    /// <summary>
    /// Grants (or renews) the runner lease to <paramref name="holder"/> for <paramref name="duration"/> unless another holder
    /// has an unexpired one.
    /// </summary>
    [Alias("lease")]
    ValueTask<bool> TryLease(string holder, TimeSpan duration);

    /// <summary>Gives the lease up (a runner stopping cleanly), so another silo need not wait for it to expire.</summary>
    [Alias("release-lease")]
    ValueTask ReleaseLease(string holder);
}
