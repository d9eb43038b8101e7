using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Reconciliation;

namespace Billing.IntegrationTests.Cluster;

/// <summary>A silo in PostgreSQL membership tells the others the address it was given, not whatever interface it finds.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class DatabaseMembershipTests(LocalChainFixture chain)
{
    [Fact]
    public async Task A_silo_advertises_and_listens_on_the_configured_address_and_serves_payments()
    {
        await using var store = await PostgreSqlServerStore.CreateAsync();
        var channel = await chain.OpenChannelAsync(deposit: 100_000);
        await using var server = await LocalServer.StartAsync(ClusterServers.Settings(chain, store));

        await AgentPayments.PayAsync(chain, server, channel, 2);

        Assert.Equal(["127.0.0.1"], await ClusterServers.ActiveAsync(store));
    }
}
