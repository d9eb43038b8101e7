using Billing.Abstractions.Settlement;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Settlement;

/// <summary>The claim policy on real anvil: threshold, age, withdrawal (with its alert) and the minimum batch value.</summary>
[Collection(TimeWarpedChainCollection.Name)]
public sealed class SettlementPolicyTests(LocalChainFixture chain)
{
    [Fact]
    public async Task A_channel_is_claimed_once_its_unclaimed_charges_reach_the_threshold()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:ClaimThreshold"] = "2000",
        });
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 1);

        var early = await host.RunAsync(policy: true);

        Assert.Contains(early.Skipped, s => s.ChannelId == channel.Id.ToString() && s.Reason.StartsWith("not due", StringComparison.Ordinal));
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);

        await AgentPayments.PayAsync(chain, host.Server, channel, times: 1);
        var due = await host.RunAsync(policy: true);

        Assert.Equal("2000", due.AmountClaimed);
        Assert.Equal((UInt128)2_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        Assert.True(due.GasUsed > 0);
        Assert.Equal((due.GasUsed * 1_000_000UL / 2_000).ToString(System.Globalization.CultureInfo.InvariantCulture), due.GasPerMillionUnits);
    }

    [Fact]
    public async Task A_small_charge_is_claimed_once_it_is_older_than_the_maximum_age()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:ClaimThreshold"] = "1000000000",
            ["Settlement:MaxAge"] = "00:00:02",
        });
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 1);

        Assert.Equal("0", (await host.RunAsync(policy: true)).AmountClaimed);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var aged = await host.RunAsync(policy: true);

        Assert.Equal("1000", aged.AmountClaimed);
        Assert.Equal((UInt128)1_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
    }

    [Fact]
    public async Task A_batch_worth_less_than_the_minimum_waits_unless_the_operator_forces_it()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:ClaimThreshold"] = "1",
            ["Settlement:MinBatchValue"] = "5000",
        });
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 2);

        var held = await host.RunAsync(policy: true);

        Assert.Empty(held.ClaimTransactions); // what must NOT happen: spending gas on a batch worth 2000 units
        Assert.Contains(held.Skipped, s => s.ChannelId == channel.Id.ToString() && s.Reason.Contains("MinBatchValue", StringComparison.Ordinal));
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);

        var forced = await host.RunAsync();

        Assert.Single(forced.ClaimTransactions);
        Assert.Equal((UInt128)2_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
    }

    [Fact]
    public async Task The_scheduler_claims_a_channel_at_once_when_its_payer_initiates_a_withdrawal()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:Automatic"] = "true",
            ["Settlement:Interval"] = "00:00:00.300",
            ["Settlement:ClaimThreshold"] = "1000000000",
            ["Settlement:MaxAge"] = "1.00:00:00",
        });
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 3);

        var payer = await TransactionSender.CreateAsync(chain.Rpc, channel.Payer);
        Assert.True((await payer.SendAndWaitAsync(new TransactionRequest(
            chain.Contract.Address, BatchSettlementContract.EncodeInitiateWithdraw(channel.Config, 10_000)))).Succeeded);

        // Neither threshold nor age is reached: only the withdrawal makes the scheduler claim.
        var claimed = await EventuallyAsync(async () => (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed == 3_000);

        Assert.True(claimed, "the channel was not claimed after its payer initiated a withdrawal");
    }

    [Fact]
    public async Task A_withdrawal_whose_claim_would_revert_raises_an_alert()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>());
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 2);
        var payer = await TransactionSender.CreateAsync(chain.Rpc, channel.Payer);
        Assert.True((await payer.SendAndWaitAsync(new TransactionRequest(
            chain.Contract.Address, BatchSettlementContract.EncodeInitiateWithdraw(channel.Config, 50_000)))).Succeeded);
        var shard = host.Server.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<ISettlementShardGrain>(SettlementShards.KeyForChannel(channel.Id.ToString()));
        Assert.True(await EventuallyAsync(async () => (await shard.GetEntries()).Any(e => e.ChannelId == channel.Id.ToString() && e.Urgent)));

        // Nobody claimed in time: the payer finalizes and takes the whole escrow.
        await chain.Rpc.Anvil.IncreaseTimeAsync(channel.Config.WithdrawDelay + 1);
        await chain.Rpc.Anvil.MineAsync();
        Assert.True((await payer.SendAndWaitAsync(new TransactionRequest(
            chain.Contract.Address, BatchSettlementContract.EncodeFinalizeWithdraw(channel.Config)))).Succeeded);

        var report = await host.RunAsync();

        Assert.Contains(report.Alerts, a => a.Contains(channel.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(report.Skipped, s => s.ChannelId == channel.Id.ToString() && s.Reason.Contains("revert", StringComparison.Ordinal));
        Assert.Empty(report.ClaimTransactions);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
