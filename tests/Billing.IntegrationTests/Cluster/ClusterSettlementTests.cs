using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Reconciliation;

namespace Billing.IntegrationTests.Cluster;

/// <summary>
/// One settlement run at a time in the cluster, whichever silo the operator's request (or a scheduler) starts it on: two
/// runs at once never plan claims of the same channels.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ClusterSettlementTests(LocalChainFixture chain)
{
    [Fact]
    public async Task Operator_runs_started_on_two_silos_at_once_claim_each_channel_once()
    {
        await using var store = await PostgreSqlServerStore.CreateAsync();
        await using var first = await LocalServer.StartAsync(ClusterServers.Settings(chain, store));
        await using var second = await LocalServer.StartAsync(ClusterServers.Settings(chain, store));
        await ClusterServers.WaitUntilFormedAsync(first, second);
        Assert.Equal(2, (await ClusterServers.ActiveAsync(store)).Count);
        var channels = new List<FundedChannel>();
        for (var i = 0; i < 3; i++)
        {
            var channel = await chain.OpenChannelAsync(deposit: 100_000);
            await AgentPayments.PayAsync(chain, i % 2 == 0 ? first : second, channel, 2);
            channels.Add(channel);
        }

        using var firstOperator = new OperatorClient(first);
        using var secondOperator = new OperatorClient(second);
        var reports = await Task.WhenAll(firstOperator.SettleAsync(), secondOperator.SettleAsync());

        // What must not happen: both runs claiming the same channels (a second transaction that reverts or claims nothing,
        // gas spent for nothing), or either run reporting a problem.
        Assert.Equal(channels.Count, reports.Sum(r => r.ChannelsClaimed));
        Assert.Single(reports.SelectMany(r => r.ClaimTransactions));
        Assert.All(reports, r => Assert.Empty(r.Problems));
        foreach (var channel in channels)
        {
            Assert.Equal((UInt128)(2 * ClusterServers.Price), (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        }
    }
}
