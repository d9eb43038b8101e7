using Orleans.Runtime;
using Billing.Abstractions.Settlement;
using Billing.Grains.Storage;

namespace Billing.Grains.Settlement;

/// <summary>Durable record of claim batches in flight, and the automatic-settlement lease.</summary>
public sealed class SettlementJournalGrain(
    [PersistentState(SettlementJournalGrain.StateName, BillingStorageNames.Channels)] IPersistentState<SettlementJournalState> persistent,
    TimeProvider time)
    : Grain, ISettlementJournalGrain
{
    public const string StateName = "settlement-journal";

    /// <summary>Finished batches kept for duplicate checks and audits; older ones are dropped so the state stays small.</summary>
    private const int FinishedKept = 1_000;

    public async ValueTask Record(ClaimBatchRecord batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var batches = persistent.State.Batches;
        batches[batch.BatchId] = batch;
        var finished = batches.Values.Where(b => b.Status != ClaimBatchStatus.Sent).OrderBy(b => b.UpdatedAt).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - FinishedKept)))
        {
            batches.Remove(old.BatchId);
        }

        await persistent.WriteStateAsync();
    }

    public ValueTask<ClaimBatchRecord?> Find(string batchId) =>
        ValueTask.FromResult(persistent.State.Batches.GetValueOrDefault(batchId));

    public ValueTask<IReadOnlyList<ClaimBatchRecord>> GetInFlight() =>
        ValueTask.FromResult<IReadOnlyList<ClaimBatchRecord>>(
            [.. persistent.State.Batches.Values.Where(b => b.Status == ClaimBatchStatus.Sent).OrderBy(b => b.Nonce)]);

    public ValueTask<IReadOnlyList<ClaimBatchRecord>> GetCompletedSince(DateTimeOffset since) =>
        ValueTask.FromResult<IReadOnlyList<ClaimBatchRecord>>(
            [.. persistent.State.Batches.Values.Where(b => b.Status == ClaimBatchStatus.Completed && b.UpdatedAt >= since).OrderBy(b => b.UpdatedAt)]);

    public async ValueTask<bool> TryLease(string holder, TimeSpan duration)
    {
        var state = persistent.State;
        var now = time.GetUtcNow();
        if (state.LeaseHolder is not null && state.LeaseHolder != holder && state.LeaseExpires > now)
        {
            return false;
        }

        state.LeaseHolder = holder;
        state.LeaseExpires = now + duration;
        await persistent.WriteStateAsync();
        return true;
    }

    public async ValueTask ReleaseLease(string holder)
    {
        if (persistent.State.LeaseHolder == holder)
        {
            persistent.State.LeaseHolder = null;
            await persistent.WriteStateAsync();
        }
    }
}
