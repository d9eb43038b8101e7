using System.Globalization;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>A batch ready to send: its rows, the encoded call and the gas limit to send it with.</summary>
internal sealed record PlannedClaim(ClaimBatch Batch, byte[] Data, ulong GasLimit);

/// <summary>
/// Turns rows of one (receiver, token) into batches worth sending: rows that would revert are left out (one bad row must
/// not sink the others), batches over Settlement:MaxBatchGas are split, and batches worth less than Settlement:MinBatchValue
/// wait, unless they carry a withdrawal-pending row or the run is forced.
/// </summary>
internal sealed class ClaimBatchPlanner(
    EthRpcClient rpc, BatchSettlementContract contract, ClaimCalls calls, SettlementAccount account, IOptions<SettlementOptions> options)
{
    /// <summary>Added to the estimate, because state can change between estimate and inclusion.</summary>
    private const int GasMarginPercent = 20;

    public async Task<IReadOnlyList<PlannedClaim>> PlanAsync(
        IReadOnlyList<ClaimRow> rows, bool force, SettlementTally tally, CancellationToken cancellationToken)
    {
        var kept = await WithoutRowsThatWouldRevertAsync(rows, tally, cancellationToken);
        if (kept.Count == 0)
        {
            return [];
        }

        var planned = new List<PlannedClaim>();
        await SplitByGasAsync(kept, planned, cancellationToken);
        var minimum = options.Value.MinBatchValue;
        var worthSending = new List<PlannedClaim>(planned.Count);
        foreach (var claim in planned)
        {
            if (force || claim.Batch.Urgent || claim.Batch.Value >= minimum)
            {
                worthSending.Add(claim);
                continue;
            }

            foreach (var row in claim.Batch.Rows)
            {
                tally.Skip(row, string.Create(
                    CultureInfo.InvariantCulture,
                    $"its batch is worth {claim.Batch.Value} units, below Settlement:MinBatchValue {minimum}"));
            }
        }

        return worthSending;
    }

    private async Task<List<ClaimRow>> WithoutRowsThatWouldRevertAsync(
        IReadOnlyList<ClaimRow> rows, SettlementTally tally, CancellationToken cancellationToken)
    {
        if (await WouldRevertAsync(rows, cancellationToken) is null)
        {
            return [.. rows];
        }

        var kept = new List<ClaimRow>(rows.Count);
        foreach (var row in rows)
        {
            if (await WouldRevertAsync([row], cancellationToken) is { } reason)
            {
                tally.Skip(row, $"it would revert ({reason})");
                tally.Problems.Add($"channel {row.ChannelId} left out of the claim: it would revert ({reason})");
            }
            else
            {
                kept.Add(row);
            }
        }

        return kept;
    }

    private async Task<string?> WouldRevertAsync(IReadOnlyList<ClaimRow> rows, CancellationToken cancellationToken)
    {
        try
        {
            await contract.SimulateAsync(calls.Encode(rows), account.Sender.Account, cancellationToken);
            return null;
        }
        catch (EvmRevertException ex)
        {
            return ex.Reason.Message;
        }
    }

    private async Task SplitByGasAsync(IReadOnlyList<ClaimRow> rows, List<PlannedClaim> planned, CancellationToken cancellationToken)
    {
        var data = calls.Encode(rows);
        var estimate = await rpc.EstimateGasAsync(
            new CallRequest { From = account.Sender.Account, To = contract.Address, Data = data }, cancellationToken);
        if (estimate > options.Value.MaxBatchGas && rows.Count > 1)
        {
            var half = rows.Count / 2;
            await SplitByGasAsync([.. rows.Take(half)], planned, cancellationToken);
            await SplitByGasAsync([.. rows.Skip(half)], planned, cancellationToken);
            return;
        }

        planned.Add(new PlannedClaim(new ClaimBatch(rows), data, checked(estimate + (estimate * GasMarginPercent / 100))));
    }
}
