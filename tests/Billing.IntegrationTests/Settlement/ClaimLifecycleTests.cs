using Billing.Abstractions.Settlement;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Evm.Transactions;
using Billing.IntegrationTests.Fixtures;
using Billing.Server.Settlement;

namespace Billing.IntegrationTests.Settlement;

/// <summary>
/// A claim's transaction on real anvil with automine off: replaced with a higher fee when stuck and mined once; resumed
/// after a restart from the journal, whether it was mined or dropped while the server was down.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ClaimLifecycleTests(LocalChainFixture chain)
{
    [Fact]
    public async Task A_stuck_claim_is_replaced_with_a_higher_fee_and_mined_once()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:ReplaceAfter"] = "00:00:01",
            ["Settlement:PollInterval"] = "00:00:00.200",
        });
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 9);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 2);

        SettlementReport report;
        ClaimBatchRecord stuck;
        await chain.Rpc.Anvil.SetAutomineAsync(false);
        try
        {
            var run = host.RunAsync();
            stuck = await EventuallyAsync(async () => (await host.Journal.GetInFlight()).FirstOrDefault(b => b.RawTransactions.Count >= 2));

            // The replacement is journaled before it is sent: mine only once the node holds it, or the block may take the
            // original while the replacement is still on its way (and the replacement is then refused, as it must be).
            var replacementHash = Keccak256.Hash(Hex.Decode(stuck.RawTransactions[1]));
            await EventuallyAsync(async () => await chain.Rpc.IsTransactionKnownAsync(replacementHash) ? stuck : null);
            await chain.Rpc.Anvil.MineAsync();
            await chain.Rpc.Anvil.SetAutomineAsync(true);
            report = await run;
        }
        finally
        {
            await chain.Rpc.Anvil.SetAutomineAsync(true);
        }

        var original = RawTransactionDecoder.Decode(Hex.Decode(stuck.RawTransactions[0]));
        var replacement = RawTransactionDecoder.Decode(Hex.Decode(stuck.RawTransactions[1]));
        Assert.Equal(original.Nonce, replacement.Nonce);
        Assert.True(replacement.MaxFeePerGas >= original.MaxFeePerGas + (original.MaxFeePerGas / 8));
        Assert.True(replacement.MaxPriorityFeePerGas >= original.MaxPriorityFeePerGas + (original.MaxPriorityFeePerGas / 8));

        var mined = Assert.Single(report.ClaimTransactions);
        Assert.Contains(mined, report.ReplacementTransactions);
        // What must NOT happen: the original landing too, or the channel claimed twice.
        Assert.Null(await chain.Rpc.GetTransactionReceiptAsync(Keccak256.Hash(Hex.Decode(stuck.RawTransactions[0]))));
        Assert.Equal((UInt128)2_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        Assert.Equal(1, await ClaimedEventsAsync(channel.Id));
        Assert.Equal(ClaimBatchStatus.Completed, (await host.Journal.Find(stuck.BatchId))?.Status);
    }

    [Fact]
    public async Task A_stuck_claim_at_the_fee_cap_raises_an_alert_keeps_its_transaction_and_is_finished_by_the_next_run()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:ReplaceAfter"] = "00:00:00.500",
            ["Settlement:PollInterval"] = "00:00:00.200",
            ["Settlement:ReceiptTimeout"] = "00:00:03",
            ["Settlement:MaxPriorityFeePerGas"] = "1",
        });
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 9);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 1);

        SettlementReport stuck;
        await chain.Rpc.Anvil.SetAutomineAsync(false);
        try
        {
            stuck = await host.RunAsync();
        }
        finally
        {
            await chain.Rpc.Anvil.SetAutomineAsync(true);
        }

        Assert.Contains(stuck.Alerts, a => a.Contains("fee cap", StringComparison.Ordinal));
        Assert.Empty(stuck.ReplacementTransactions); // what must NOT happen: a bump above the cap
        Assert.Empty(stuck.ClaimTransactions);
        var inFlight = Assert.Single(await host.Journal.GetInFlight());
        Assert.Single(inFlight.RawTransactions);

        await chain.Rpc.Anvil.MineAsync();
        var finished = await host.RunAsync();

        Assert.Equal([Keccak256.Hash(Hex.Decode(inFlight.RawTransactions[0])).ToString()], finished.ClaimTransactions);
        Assert.Equal((UInt128)1_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        Assert.Equal(1, await ClaimedEventsAsync(channel.Id));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_claim_in_flight_when_the_server_stops_is_finished_once_after_restart(bool minedWhileDown)
    {
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 9);
        var first = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:Automatic"] = "true",
            ["Settlement:Interval"] = "00:00:00.300",
            ["Settlement:ClaimThreshold"] = "2000",
            ["Settlement:ReplaceAfter"] = "01:00:00",
        });
        ClaimBatchRecord inFlight;
        await chain.Rpc.Anvil.SetAutomineAsync(false);
        try
        {
            // Vouchers are off chain: paying needs no mined block. The second payment reaches the threshold.
            await AgentPayments.PayAsync(chain, first.Server, channel, times: 2);
            inFlight = await EventuallyAsync(async () => (await first.Journal.GetInFlight()).FirstOrDefault());
            await first.StopAsync();

            var sent = Keccak256.Hash(Hex.Decode(inFlight.RawTransactions[^1]));
            if (minedWhileDown)
            {
                await chain.Rpc.Anvil.MineAsync();
            }
            else
            {
                await chain.Rpc.Anvil.DropTransactionAsync(sent);
            }
        }
        finally
        {
            await chain.Rpc.Anvil.SetAutomineAsync(true);
        }

        await using var second = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>(), first.DataFolder);
        var resumed = await second.RunAsync();

        Assert.Equal([Keccak256.Hash(Hex.Decode(inFlight.RawTransactions[^1])).ToString()], resumed.ClaimTransactions);
        Assert.Equal((UInt128)2_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        Assert.Equal(ClaimBatchStatus.Completed, (await second.Journal.Find(inFlight.BatchId))?.Status);

        var again = await second.RunAsync();

        // What must NOT happen: a second claim of the same charges.
        Assert.Empty(again.ClaimTransactions);
        Assert.Equal(1, await ClaimedEventsAsync(channel.Id));
    }

    private async Task<int> ClaimedEventsAsync(Hash32 channelId)
    {
        var head = await chain.Rpc.GetBlockNumberAsync();
        var logs = await chain.Rpc.GetLogsAsync(LogFilter.ForRange(chain.Deployment.DeployBlock, head, chain.Contract.Address));
        return logs.Select(ChannelEventDecoder.TryDecode).OfType<ClaimedEvent>().Count(e => e.ChannelId == channelId);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The condition was not met in time.");
    }
}
