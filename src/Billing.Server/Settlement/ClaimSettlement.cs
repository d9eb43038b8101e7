using System.Globalization;
using Billing.Abstractions.Channels;
using Billing.Abstractions.Settlement;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// Turns what the channel grains charged into money on chain. A run first finishes the claim batches a previous run (or
/// silo) left in flight, then claims the channels the policy says are due, in batches (cumulative totals, so a repeated
/// claim is a no-op on chain), re-reads each claimed channel, and finally sweeps the claimed amount to the receiver with
/// settle — only after the claim's receipt, because a settle sent earlier finds nothing to settle (x402 #2471).
/// </summary>
internal sealed partial class ClaimSettlement(
    IGrainFactory grains,
    BatchSettlementContract contract,
    EthRpcClient rpc,
    ClaimedChannels channels,
    ClaimCalls calls,
    ClaimBatchPlanner planner,
    ClaimTransactions transactions,
    SettlementSweeps sweeps,
    IOptions<SettlementOptions> options,
    TimeProvider time,
    ClusterLocks locks,
    ILogger<ClaimSettlement> logger)
{
    private const string RunLock = "billing:settlement-run";

    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    /// <summary>Claims everything owed now, whatever the policy says (the operator's run).</summary>
    public Task<SettlementReport> RunAsync(CancellationToken cancellationToken) => RunAsync(force: true, cancellationToken);

    /// <summary>One run; <paramref name="force"/> claims every channel that owes, otherwise only those the policy finds due.</summary>
    public async Task<SettlementReport> RunAsync(bool force, CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            // One run in the cluster, the operator's and the schedulers' alike: a run on another silo is waited for, so
            // two never plan claims of the same channels.
            await using var cluster = await locks.AcquireAsync(RunLock, cancellationToken);
            return await RunExclusiveAsync(force, cancellationToken);
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    private ISettlementJournalGrain Journal => grains.GetGrain<ISettlementJournalGrain>(ISettlementJournalGrain.Key);

    private async Task<SettlementReport> RunExclusiveAsync(bool force, CancellationToken cancellationToken)
    {
        var run = new SettlementRun(new SettlementTally(logger));
        foreach (var record in await Journal.GetInFlight())
        {
            await ConcludeAsync(record, await transactions.FollowAsync(record, run.Tally, cancellationToken), [], run);
        }

        await channels.ReevaluateReorgedClaimsAsync(run.Tally, cancellationToken);
        var rows = await CollectAsync(force, run);
        foreach (var group in rows.GroupBy(r => (r.Receiver, r.Token)))
        {
            foreach (var chunk in group.Chunk(Math.Max(1, options.Value.BatchSize)))
            {
                IReadOnlyList<PlannedClaim> planned;
                try
                {
                    planned = await planner.PlanAsync(chunk, force, run.Tally, cancellationToken);
                }
                catch (EvmRevertException ex)
                {
                    // The chain moved between simulation and estimate: these rows wait for the next run.
                    run.Tally.Problems.Add($"a claim batch for receiver {group.Key.Receiver} could not be planned: {ex.Reason.Message}");
                    continue;
                }

                foreach (var claim in planned)
                {
                    await SendAsync(claim, run, cancellationToken);
                }
            }
        }

        await sweeps.SweepAsync(run.Sweeps, run.Tally, cancellationToken);
        var report = run.Tally.ToReport();
        LogRun(logger, report.ChannelsClaimed, report.AmountClaimed, report.ClaimTransactions.Count, report.GasUsed);
        return report;
    }

    private async Task<List<ClaimRow>> CollectAsync(bool force, SettlementRun run)
    {
        var rows = new List<ClaimRow>();
        var now = time.GetUtcNow();
        for (var shard = 0; shard < SettlementShards.Count; shard++)
        {
            var key = SettlementShards.KeyFor(shard);
            var nothingOwed = new List<string>();
            foreach (var entry in await grains.GetGrain<ISettlementShardGrain>(key).GetEntries())
            {
                if (run.InFlight.Contains(entry.ChannelId))
                {
                    run.Tally.Skipped.Add(new SkippedClaim(entry.ChannelId, "its claim is still in flight"));
                    continue;
                }

                var candidate = await grains.GetGrain<IChannelGrain>(entry.ChannelId).GetClaimCandidate();
                if (candidate is null)
                {
                    nothingOwed.Add(entry.ChannelId);
                    continue;
                }

                if (ClaimPolicy.Evaluate(candidate, entry, now, options.Value, force) is not { } trigger)
                {
                    run.Tally.Skipped.Add(new SkippedClaim(entry.ChannelId, "not due: below Settlement:ClaimThreshold and younger than Settlement:MaxAge"));
                    continue;
                }

                var row = new ClaimRow(candidate, trigger);
                if (calls.RefusalFor(row) is { } refusal)
                {
                    run.Tally.Skip(row, refusal);
                    run.Tally.Problems.Add($"channel {row.ChannelId}: {refusal}");
                    continue;
                }

                rows.Add(row);
            }

            // Forget, then let each channel re-register if it earned since we looked.
            await channels.ForgetAndResyncAsync(nothingOwed, run.Tally);
        }

        return rows;
    }

    private async Task SendAsync(PlannedClaim claim, SettlementRun run, CancellationToken cancellationToken)
    {
        var batch = claim.Batch;
        if (await Journal.Find(batch.Id) is not null && await AlreadyClaimedAsync(batch, cancellationToken))
        {
            // This very content was sent before and the chain shows it landed: re-read the channels, send nothing.
            await channels.ForgetAndResyncAsync([.. batch.Rows.Select(r => r.ChannelId)], run.Tally);
            return;
        }

        await WarnOfCloseDeadlinesAsync(batch, run.Tally, cancellationToken);
        var sent = await transactions.SendAsync(batch, claim.Data, claim.GasLimit, run.Tally, cancellationToken);
        if (sent is not { } outcome)
        {
            AlertUrgentRows(batch.Rows, "the node refused the claim transaction", run.Tally);
            return;
        }

        await ConcludeAsync(outcome.Record, outcome.Outcome, batch.Rows, run);
    }

    private async Task<bool> AlreadyClaimedAsync(ClaimBatch batch, CancellationToken cancellationToken)
    {
        foreach (var row in batch.Rows)
        {
            var (_, totalClaimed) = await contract.GetChannelAsync(Hash32.Parse(row.ChannelId), cancellationToken: cancellationToken);
            if (totalClaimed < row.Candidate.ChargedCumulative)
            {
                return false;
            }
        }

        return true;
    }

    private async Task ConcludeAsync(ClaimBatchRecord record, ClaimOutcome outcome, IReadOnlyList<ClaimRow> rows, SettlementRun run)
    {
        var tally = run.Tally;
        var channelIds = record.Rows.Select(r => r.ChannelId).ToList();
        switch (outcome)
        {
            case ClaimOutcome.Mined { Receipt.Succeeded: true } mined:
                var hash = mined.Receipt.TransactionHash.ToString();
                tally.GasUsed(mined.Receipt.GasUsed);
                tally.ClaimTransactions.Add(hash);
                foreach (var claimed in mined.Receipt.Logs
                    .Where(log => log.Address == contract.Address)
                    .Select(ChannelEventDecoder.TryDecode)
                    .OfType<ClaimedEvent>())
                {
                    tally.Claimed(claimed.ChannelId.ToString(), claimed.ClaimAmount);
                }

                await transactions.FinishAsync(record, ClaimBatchStatus.Completed, mined.Receipt);
                // Forget the channels first, then let them re-read the chain: one charged more while this claim was in
                // flight registers again, so nothing charged is ever left unclaimed.
                await channels.ForgetAndResyncAsync(channelIds, tally);
                run.Sweeps.Add((Address.Parse(record.Receiver), Address.Parse(record.Token)));
                break;
            case ClaimOutcome.Mined mined:
                tally.GasUsed(mined.Receipt.GasUsed);
                tally.Problems.Add($"claim transaction {mined.Receipt.TransactionHash} reverted");
                await transactions.FinishAsync(record, ClaimBatchStatus.Abandoned, mined.Receipt);
                AlertUrgentRows(rows, "the claim transaction reverted", tally);
                await channels.ResyncAsync(channelIds, tally);
                break;
            case ClaimOutcome.Superseded:
                tally.Problems.Add($"claim batch {record.BatchId}: nonce {record.Nonce} was used by another transaction; its channels are re-read from the chain");
                await transactions.FinishAsync(record, ClaimBatchStatus.Abandoned);
                AlertUrgentRows(rows, "the claim transaction was superseded", tally);
                await channels.ResyncAsync(channelIds, tally);
                break;
            default:
                tally.Problems.Add($"claim batch {record.BatchId} (nonce {record.Nonce}) is not confirmed yet; the next run resumes it");
                AlertUrgentRows(rows, "the claim transaction is not confirmed yet", tally);
                run.InFlight.UnionWith(channelIds);
                break;
        }
    }

    private async Task WarnOfCloseDeadlinesAsync(ClaimBatch batch, SettlementTally tally, CancellationToken cancellationToken)
    {
        if (!batch.Urgent)
        {
            return;
        }

        var head = await rpc.GetBlockByNumberAsync("latest", cancellationToken);
        var chainNow = head?.Timestamp ?? 0;
        var margin = (ulong)options.Value.WithdrawalSafetyMargin.TotalSeconds;
        foreach (var row in batch.Rows.Where(r => r.WithdrawalFinalizesAt > 0 && r.WithdrawalFinalizesAt <= chainNow + margin))
        {
            tally.Alert(row, row.WithdrawalFinalizesAt <= chainNow
                ? "the withdrawal may already be finalized; the claim is sent anyway"
                : string.Create(CultureInfo.InvariantCulture, $"only {row.WithdrawalFinalizesAt - chainNow} s remain; the claim is sent anyway"));
        }
    }

    private static void AlertUrgentRows(IReadOnlyList<ClaimRow> rows, string reason, SettlementTally tally)
    {
        foreach (var row in rows.Where(r => r.Urgent))
        {
            tally.Alert(row, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement run: {Channels} channels claimed, {Amount} units, {Transactions} claim transactions, {Gas} gas")]
    private static partial void LogRun(ILogger logger, int channels, string amount, int transactions, ulong gas);

    /// <summary>State of one run besides the report: receivers to sweep, channels whose claim is still in flight.</summary>
    private sealed class SettlementRun(SettlementTally tally)
    {
        public SettlementTally Tally { get; } = tally;

        public HashSet<(Address Receiver, Address Token)> Sweeps { get; } = [];

        public HashSet<string> InFlight { get; } = new(StringComparer.Ordinal);
    }
}
