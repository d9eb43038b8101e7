using System.Globalization;
using Billing.Abstractions.Channels;
using Billing.Abstractions.Settlement;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// Collects what the channel grains charged: claims it on chain in batches (cumulative totals, so a repeated claim is a
/// no-op on chain), re-reads each claimed channel, then sweeps the claimed amount to the receiver with settle — only after
/// the claim's receipt, because a settle sent earlier finds nothing to settle (x402 #2471).
/// </summary>
public sealed partial class ClaimSettlement(
    IGrainFactory grains,
    BatchSettlementContract contract,
    ServerKeys keys,
    TransactionSender sender,
    IOptions<SettlementOptions> options,
    IOptions<ChainOptions> chain,
    ILogger<ClaimSettlement> logger)
{
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    public async Task<SettlementReport> RunAsync(CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunExclusiveAsync(cancellationToken);
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    private async Task<SettlementReport> RunExclusiveAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var claimTransactions = new List<string>();
        var settleTransactions = new List<string>();
        var (candidates, nothingOwed) = await CollectCandidatesAsync(problems);

        var claimedChannels = 0;
        var claimedAmount = UInt128.Zero;
        var sweeps = new HashSet<(Address Receiver, Address Token)>();
        foreach (var chunk in candidates.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var batch = await WithoutRowsThatWouldRevertAsync(chunk, problems, cancellationToken);
            if (batch.Length == 0)
            {
                continue;
            }

            var claims = batch.Select(ToVoucherClaim).ToList();
            var hash = (await sender.SendAsync(new TransactionRequest(contract.Address, BatchSettlementContract.EncodeClaim(claims)), cancellationToken)).Hash;
            claimTransactions.Add(hash.ToString());
            var receipt = await sender.WaitForReceiptAsync(hash, chain.Value.Confirmations, options.Value.ReceiptTimeout, cancellationToken);
            if (!receipt.Succeeded)
            {
                problems.Add($"claim transaction {hash} reverted");
                continue;
            }

            foreach (var candidate in batch)
            {
                // Forget the channel first, then let it re-read the chain: if it was charged more while this claim was
                // in flight, its sync registers it again, so nothing charged is ever left unclaimed.
                await grains.GetGrain<ISettlementShardGrain>(SettlementShards.KeyForChannel(candidate.ChannelId)).MarkSettled([candidate.ChannelId]);
                ChannelView? view;
                try
                {
                    view = await grains.GetGrain<IChannelGrain>(candidate.ChannelId).SyncFromChain();
                }
                catch (InvalidOperationException)
                {
                    problems.Add($"channel {candidate.ChannelId} was claimed in {hash} but could not be re-read");
                    continue;
                }

                if (view is not null && view.TotalClaimed > candidate.TotalClaimed)
                {
                    claimedChannels++;
                    claimedAmount += view.TotalClaimed - candidate.TotalClaimed;
                    sweeps.Add((Address.Parse(candidate.Config.Receiver), Address.Parse(candidate.Config.Token)));
                }
            }
        }

        foreach (var (shard, channelIds) in nothingOwed)
        {
            if (channelIds.Count == 0)
            {
                continue;
            }

            // Same order as above: forget, then let each channel re-register if it earned since we looked.
            await grains.GetGrain<ISettlementShardGrain>(shard).MarkSettled(channelIds);
            foreach (var channelId in channelIds)
            {
                try
                {
                    await grains.GetGrain<IChannelGrain>(channelId).SyncFromChain();
                }
                catch (InvalidOperationException)
                {
                    problems.Add($"channel {channelId} could not be re-read; it registers again on its next charge");
                }
            }
        }

        foreach (var (receiver, token) in sweeps)
        {
            var owed = await contract.GetReceiverAsync(receiver, token, cancellationToken: cancellationToken);
            if (owed.TotalClaimed <= owed.TotalSettled)
            {
                continue;
            }

            var hash = (await sender.SendAsync(new TransactionRequest(contract.Address, BatchSettlementContract.EncodeSettle(receiver, token)), cancellationToken)).Hash;
            settleTransactions.Add(hash.ToString());
            var receipt = await sender.WaitForReceiptAsync(hash, chain.Value.Confirmations, options.Value.ReceiptTimeout, cancellationToken);
            if (!receipt.Succeeded)
            {
                problems.Add($"settle transaction {hash} reverted");
            }
        }

        LogRun(logger, claimedChannels, claimedAmount.ToString(CultureInfo.InvariantCulture), claimTransactions.Count);
        return new SettlementReport(
            claimedChannels, claimedAmount.ToString(CultureInfo.InvariantCulture), claimTransactions, settleTransactions, problems);
    }

    private async Task<(List<ClaimCandidate> Candidates, Dictionary<string, List<string>> Settled)> CollectCandidatesAsync(List<string> problems)
    {
        var candidates = new List<ClaimCandidate>();
        var settled = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var us = keys.ReceiverAuthorizer.Address;
        for (var shard = 0; shard < SettlementShards.Count; shard++)
        {
            var key = SettlementShards.KeyFor(shard);
            settled[key] = [];
            foreach (var channelId in await grains.GetGrain<ISettlementShardGrain>(key).GetChannels())
            {
                var candidate = await grains.GetGrain<IChannelGrain>(channelId).GetClaimCandidate();
                if (candidate is null)
                {
                    settled[key].Add(channelId);
                }
                else if (Address.Parse(candidate.Config.ReceiverAuthorizer) != us && Address.Parse(candidate.Config.Receiver) != us)
                {
                    // claim() accepts only the receiver or its authorizer as sender.
                    problems.Add($"channel {channelId} names a receiver authorizer whose key this server does not hold");
                }
                else
                {
                    candidates.Add(candidate);
                }
            }
        }

        return (candidates, settled);
    }

    /// <summary>
    /// Pre-simulates the batch; if it would revert, simulates each row and drops those that would (a balance drained by a
    /// finalized withdrawal, a signature the contract refuses), reporting them. One bad row must not sink the others.
    /// </summary>
    private async Task<ClaimCandidate[]> WithoutRowsThatWouldRevertAsync(
        ClaimCandidate[] batch, List<string> problems, CancellationToken cancellationToken)
    {
        if (await WouldRevertAsync(batch, cancellationToken) is null)
        {
            return batch;
        }

        var kept = new List<ClaimCandidate>(batch.Length);
        foreach (var row in batch)
        {
            if (await WouldRevertAsync([row], cancellationToken) is { } reason)
            {
                problems.Add($"channel {row.ChannelId} left out of the claim: it would revert ({reason})");
            }
            else
            {
                kept.Add(row);
            }
        }

        return [.. kept];
    }

    private async Task<string?> WouldRevertAsync(IReadOnlyList<ClaimCandidate> rows, CancellationToken cancellationToken)
    {
        try
        {
            await contract.SimulateAsync(BatchSettlementContract.EncodeClaim([.. rows.Select(ToVoucherClaim)]), sender.Account, cancellationToken);
            return null;
        }
        catch (EvmRevertException ex)
        {
            return ex.Reason.Message;
        }
    }

    private static VoucherClaim ToVoucherClaim(ClaimCandidate candidate)
    {
        var c = candidate.Config;
        var config = new ChannelConfig(
            Address.Parse(c.Payer),
            Address.Parse(c.PayerAuthorizer),
            Address.Parse(c.Receiver),
            Address.Parse(c.ReceiverAuthorizer),
            Address.Parse(c.Token),
            c.WithdrawDelay,
            Hash32.Parse(c.Salt));

        // Claim what was charged, under the ceiling the payer signed.
        return new VoucherClaim(config, candidate.SignedMaxClaimable, candidate.Signature, candidate.ChargedCumulative);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement run: {Channels} channels claimed, {Amount} units, {Transactions} claim transactions")]
    private static partial void LogRun(ILogger logger, int channels, string amount, int transactions);
}
