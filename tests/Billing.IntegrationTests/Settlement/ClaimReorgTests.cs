using Billing.Abstractions.Settlement;
using Billing.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Settlement;

/// <summary>A claim whose block is reorged away is claimed again: its channel registers with its shard once more.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class ClaimReorgTests(LocalChainFixture chain)
{
    [Fact]
    public async Task A_claim_reorged_off_the_chain_is_claimed_again_by_the_next_run()
    {
        await using var host = await SettlementServer.StartAsync(chain, new Dictionary<string, string?>());
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 9);
        await AgentPayments.PayAsync(chain, host.Server, channel, times: 2);
        var claimed = await host.RunAsync();
        Assert.Single(claimed.ClaimTransactions);
        Assert.Equal((UInt128)2_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        var shard = host.Server.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<ISettlementShardGrain>(SettlementShards.KeyForChannel(channel.Id.ToString()));
        Assert.DoesNotContain(channel.Id.ToString(), await shard.GetChannels());

        // The blocks holding the claim and the settle are replaced by empty ones.
        await chain.Rpc.Anvil.ReorgAsync(2);
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);

        // What must NOT happen: the channel staying forgotten because the claim once counted. The run notices the claim
        // left its block, whether or not the chain watcher had read that block before the reorg.
        var again = await host.RunAsync();

        Assert.Single(again.ClaimTransactions);
        Assert.Equal((UInt128)2_000, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        Assert.Contains(again.Problems, p => p.Contains("reorg", StringComparison.Ordinal));
        Assert.Equal("2000", again.AmountClaimed);
    }
}
