using System.Globalization;
using Billing.Abstractions.Channels;
using Billing.Core.Journal;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Server.Payments;
using Microsoft.Extensions.Options;

namespace Billing.Server.Reconciliation;

/// <summary>
/// Compares, per channel and in total, what the channel grains charged, what the charge journal recorded, what the contract
/// holds as claimed (its totals and its Claimed events) and what was settled to the receiver. Reports every disagreement;
/// repairs nothing, so a tampered or half-written store is visible rather than papered over.
/// </summary>
/// <remarks>
/// Channels reconciled: every channel the journal lists (each channel that was ever charged), plus every channel with a
/// Claimed event whose grain knows it (a claim on a channel whose rows are gone). On-chain figures are read at one block.
/// </remarks>
public sealed class LedgerReconciliation(
    IGrainFactory grains,
    IChargeJournal journal,
    ClaimTraceReader traces,
    BatchSettlementContract contract,
    EthRpcClient rpc,
    IOptions<PaymentOptions> payment,
    TimeProvider time)
{
    public async Task<ReconciliationReport> RunAsync(CancellationToken cancellationToken)
    {
        var block = await rpc.GetBlockNumberAsync(cancellationToken);
        var blockTag = RpcQuantity.Encode(block);
        var trace = await traces.ReadAsync(block, cancellationToken);
        var tallies = await TallyJournalAsync(cancellationToken);

        var channels = new List<ChannelReconciliation>();
        var discrepancies = new List<Discrepancy>();
        UInt128 charged = 0, journaled = 0, claimed = 0, unclaimed = 0;
        var journalRows = 0;
        foreach (var channelId in tallies.Keys.Union(trace.ClaimedChannels, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var grain = grains.GetGrain<IChannelGrain>(channelId);
            var view = await grain.GetDurableView();
            tallies.TryGetValue(channelId, out var tally);
            if (view is null && tally is null)
            {
                continue; // claimed on this contract, but never charged here: another receiver's channel.
            }

            var channelCharged = view?.ChargedCumulative ?? UInt128.Zero;
            if (tally is null || tally.Sum != channelCharged)
            {
                // The first tally was read before GetDurableView flushed the write-behind window: read this channel again.
                tally = await JournalTally.OfAsync(journal.ReadChannelAsync(channelId, cancellationToken), cancellationToken);
            }

            var (_, channelClaimed) = await contract.GetChannelAsync(Hash32.Parse(channelId), blockTag, cancellationToken);
            var byEvents = trace.ClaimedByEvents(channelId);
            Compare(channelId, channelCharged, tally, channelClaimed, byEvents, discrepancies);

            channels.Add(new ChannelReconciliation(
                channelId, Text(channelCharged), Text(tally.Sum), tally.Rows, Text(channelClaimed), Text(byEvents), trace.ClaimsOf(channelId).Count));
            charged += channelCharged;
            journaled += tally.Sum;
            journalRows += tally.Rows;
            claimed += channelClaimed;
            unclaimed += channelCharged > channelClaimed ? channelCharged - channelClaimed : UInt128.Zero;
        }

        var (receiverClaimed, settled) = await contract.GetReceiverAsync(
            Address.Parse(payment.Value.PayTo), Address.Parse(payment.Value.Asset), blockTag, cancellationToken);
        CompareSettlement(receiverClaimed, settled, trace.SettledByEvents, discrepancies);

        var totals = new ReconciliationTotals(
            channels.Count,
            journalRows,
            Text(charged),
            Text(journaled),
            Text(claimed),
            Text(unclaimed),
            Text(receiverClaimed),
            Text(settled),
            Text(receiverClaimed > settled ? receiverClaimed - settled : UInt128.Zero));
        return new ReconciliationReport(time.GetUtcNow(), block, discrepancies.TrueForAll(d => d.Pending), totals, channels, discrepancies);
    }

    private async Task<Dictionary<string, JournalTally>> TallyJournalAsync(CancellationToken cancellationToken)
    {
        var tallies = new Dictionary<string, JournalTally>(StringComparer.Ordinal);
        await foreach (var row in journal.ReadAllAsync(cancellationToken))
        {
            if (!tallies.TryGetValue(row.ChannelId, out var tally))
            {
                tallies[row.ChannelId] = tally = new JournalTally();
            }

            tally.Add(row);
        }

        return tallies;
    }

    private static void Compare(
        string channelId, UInt128 charged, JournalTally journal, UInt128 claimed, UInt128 claimedByEvents, List<Discrepancy> discrepancies)
    {
        if (claimed > charged)
        {
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.ClaimedExceedsCharged, false, channelId, Text(charged), Text(claimed),
                $"The contract holds {claimed - charged} more claimed than the channel charged."));
        }

        if (journal.Sum != charged || journal.FirstBrokenRow is not null)
        {
            var detail = journal.Sum > charged
                ? $"The journal holds {journal.Sum - charged} more than the channel charged (rows of charges never made durable, or tampering)."
                : journal.Sum < charged
                    ? $"The journal lacks {charged - journal.Sum} of what the channel charged (rows lost or deleted)."
                    : "The journal's sum matches, but its positions do not follow one another.";
            if (journal.FirstBrokenRow is { } broken)
            {
                detail += $" First row out of position: request '{broken.RequestId}' at {broken.CumulativeCharged}.";
            }

            discrepancies.Add(new Discrepancy(DiscrepancyKind.JournalMismatch, false, channelId, Text(charged), Text(journal.Sum), detail));
        }

        if (claimedByEvents != claimed)
        {
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.ClaimTraceMismatch, false, channelId, Text(claimed), Text(claimedByEvents),
                "The channel's Claimed events do not add up to the contract's claimed total."));
        }

        if (charged > claimed)
        {
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.Unclaimed, true, channelId, Text(charged), Text(claimed), $"{charged - claimed} charged and not claimed yet."));
        }
    }

    private static void CompareSettlement(UInt128 receiverClaimed, UInt128 settled, UInt128 settledByEvents, List<Discrepancy> discrepancies)
    {
        if (settledByEvents != settled)
        {
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.ClaimTraceMismatch, false, null, Text(settled), Text(settledByEvents),
                "The receiver's Settled events do not add up to the contract's settled total."));
        }

        if (receiverClaimed > settled)
        {
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.Unsettled, true, null, Text(receiverClaimed), Text(settled),
                $"{receiverClaimed - settled} claimed for the receiver and not settled yet."));
        }
    }

    private static string Text(UInt128 amount) => amount.ToString(CultureInfo.InvariantCulture);
}
