using System.Numerics;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;

namespace Billing.IntegrationTests.Faults;

/// <summary>
/// The chain's own account of what was claimed and settled, read from the contract's storage and events, never from the
/// server's reports: the judge of "the totals converge and nothing is claimed twice".
/// </summary>
public sealed class ClaimLedger(FaultChain chain)
{
    /// <summary>Null when every channel's on-chain totalClaimed equals what it is expected to be; else the first gap.</summary>
    public async Task<string?> GapAsync(IReadOnlyDictionary<Hash32, UInt128> expected)
    {
        var totals = await TotalsClaimedAsync(expected.Keys);
        var behind = expected.Where(e => totals[e.Key] != e.Value).ToList();
        if (behind.Count > 0)
        {
            var (id, amount) = behind[0];
            return $"{behind.Count} channel(s) not claimed as charged, e.g. {id}: claimed {totals[id]}, charged {amount}";
        }

        var receiver = await chain.Contract.GetReceiverAsync(chain.Receiver.Address, chain.Token.Address);
        return receiver.TotalSettled == receiver.TotalClaimed
            ? null
            : $"receiver claimed {receiver.TotalClaimed} but settled {receiver.TotalSettled}";
    }

    /// <summary>
    /// Asserts that every channel's claimed total equals <paramref name="expected"/>, that its Claimed events add up to exactly
    /// that (each event continuing the last), that the receiver was credited and paid each unit once, and that no claim
    /// transaction was reported twice or emitted a Claimed event for one channel twice.
    /// </summary>
    public async Task AssertClaimedExactlyOnceAsync(IReadOnlyDictionary<Hash32, UInt128> expected, IEnumerable<string> reportedClaimTransactions)
    {
        var events = await EventsAsync();
        var claimed = events.OfType<ClaimedEvent>().ToList();
        var totals = await TotalsClaimedAsync(expected.Keys);
        foreach (var (channelId, amount) in expected)
        {
            Assert.True(totals[channelId] == amount, $"channel {channelId}: on chain {totals[channelId]}, charged {amount}");
            var running = UInt128.Zero;
            foreach (var claim in claimed.Where(c => c.ChannelId == channelId))
            {
                Assert.True(running + claim.ClaimAmount == claim.NewTotalClaimed,
                    $"channel {channelId}: a Claimed event of {claim.ClaimAmount} moved the total from {running} to {claim.NewTotalClaimed}");
                running = claim.NewTotalClaimed;
            }

            Assert.True(running == amount, $"channel {channelId}: Claimed events add up to {running}, totalClaimed is {amount}");
        }

        // A claim transaction touches each of its channels once.
        var perTransaction = claimed.GroupBy(c => (c.Log.TransactionHash, c.ChannelId)).Where(g => g.Count() > 1).ToList();
        Assert.True(perTransaction.Count == 0, $"a claim transaction claimed a channel twice: {perTransaction.FirstOrDefault()?.Key}");

        var reported = reportedClaimTransactions.ToList();
        Assert.True(reported.Count == reported.Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            $"a claim transaction was reported twice: {string.Join(", ", reported)}");

        // The receiver was credited each unit once and paid each unit once.
        var sum = expected.Values.Aggregate(UInt128.Zero, (s, v) => s + v);
        var receiver = await chain.Contract.GetReceiverAsync(chain.Receiver.Address, chain.Token.Address);
        Assert.Equal(sum, receiver.TotalClaimed);
        Assert.Equal(receiver.TotalClaimed, receiver.TotalSettled);
        var settled = events.OfType<SettledEvent>().Where(s => s.Receiver == chain.Receiver.Address)
            .Aggregate(UInt128.Zero, (s, e) => s + e.Amount);
        Assert.Equal(receiver.TotalSettled, settled);
        Assert.Equal((BigInteger)sum, await chain.Token.BalanceOfAsync(chain.Receiver.Address));
    }

    /// <summary>The transactions that carried Claimed events, in chain order.</summary>
    public async Task<IReadOnlyList<Hash32>> ClaimTransactionsAsync() =>
        [.. (await EventsAsync()).OfType<ClaimedEvent>().Select(c => c.Log.TransactionHash!.Value).Distinct()];

    public async Task<IReadOnlyDictionary<Hash32, UInt128>> TotalsClaimedAsync(IEnumerable<Hash32> channelIds)
    {
        var totals = new Dictionary<Hash32, UInt128>();
        foreach (var chunk in channelIds.Chunk(50))
        {
            var reads = await Task.WhenAll(chunk.Select(id => chain.Contract.GetChannelAsync(id)));
            for (var i = 0; i < chunk.Length; i++)
            {
                totals[chunk[i]] = reads[i].TotalClaimed;
            }
        }

        return totals;
    }

    private async Task<List<ChannelEvent>> EventsAsync()
    {
        var head = await chain.Rpc.GetBlockNumberAsync();
        var logs = await chain.Rpc.GetLogsAsync(LogFilter.ForRange(chain.Deployment.DeployBlock, head, chain.Contract.Address));
        return [.. logs.Where(l => !l.Removed).Select(ChannelEventDecoder.TryDecode).OfType<ChannelEvent>()];
    }
}
