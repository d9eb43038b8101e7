using Billing.Abstractions.Channels;
using Billing.Abstractions.Settlement;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// Brings channel grains and shards in line with the chain after a claim: forgets claimed channels, re-reads them (one
/// charged meanwhile registers again), and re-opens channels whose completed claim a reorg removed.
/// </summary>
internal sealed class ClaimedChannels(
    IGrainFactory grains, ClaimTransactions transactions, SettlementAccount account, IOptions<SettlementOptions> options, TimeProvider time)
{
    private ISettlementJournalGrain Journal => grains.GetGrain<ISettlementJournalGrain>(ISettlementJournalGrain.Key);

    /// <summary>
    /// A completed claim whose transaction is gone from its block (a reorg): its channels rebuild their chain mirror, see
    /// claimed &lt; charged again and register with their shards, so this run claims them again.
    /// </summary>
    public async Task ReevaluateReorgedClaimsAsync(SettlementTally tally, CancellationToken cancellationToken)
    {
        var reorged = false;
        foreach (var record in await Journal.GetCompletedSince(time.GetUtcNow() - options.Value.ReorgWatch))
        {
            if (await transactions.StillMinedAsync(record, cancellationToken))
            {
                continue;
            }

            reorged = true;
            tally.Problems.Add($"claim transaction {record.MinedTransaction} left its block (reorg); its channels are claimed again");
            await transactions.FinishAsync(record, ClaimBatchStatus.Abandoned);
            foreach (var row in record.Rows)
            {
                try
                {
                    await grains.GetGrain<IChannelGrain>(row.ChannelId).ResyncAfterReorg();
                }
                catch (InvalidOperationException)
                {
                    tally.Problems.Add($"channel {row.ChannelId} could not be re-read after the reorg; the chain watcher resyncs it");
                }
            }
        }

        if (reorged)
        {
            // Our own transactions may have left the chain with the blocks: the next nonce is read afresh.
            await account.Sender.ResyncNonceAsync(cancellationToken);
        }
    }

    /// <summary>Removes the channels from their shards, then re-reads them: one that still owes registers again.</summary>
    public async Task ForgetAndResyncAsync(IReadOnlyList<string> channelIds, SettlementTally tally)
    {
        foreach (var shard in channelIds.GroupBy(SettlementShards.KeyForChannel))
        {
            await grains.GetGrain<ISettlementShardGrain>(shard.Key).MarkSettled([.. shard]);
        }

        await ResyncAsync(channelIds, tally);
    }

    /// <summary>Re-reads each channel's chain state; a channel that still owes registers again with its shard.</summary>
    public async Task ResyncAsync(IReadOnlyList<string> channelIds, SettlementTally tally)
    {
        foreach (var channelId in channelIds)
        {
            try
            {
                await grains.GetGrain<IChannelGrain>(channelId).SyncFromChain();
            }
            catch (InvalidOperationException)
            {
                tally.Problems.Add($"channel {channelId} could not be re-read; it registers again on its next charge or watcher event");
            }
        }
    }
}
