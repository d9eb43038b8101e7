using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Reconciliation;

namespace Billing.IntegrationTests.Cluster;

/// <summary>A silo in PostgreSQL membership tells the others the address it was given, not whatever interface it finds.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class DatabaseMembershipTests(LocalChainFixture chain)
{
    private const ulong Price = 1_000;

    // Orleans' SiloStatus.Active.
    private const int Active = 3;

    [Fact]
    public async Task A_silo_advertises_and_listens_on_the_configured_address_and_serves_payments()
    {
        await using var store = await PostgreSqlServerStore.CreateAsync();
        var settings = new Dictionary<string, string?>(store.Settings)
        {
            ["Cluster:UseDatabaseMembership"] = "true",
            ["Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Cluster:ListenAddress"] = "127.0.0.1",
        };
        var channel = await chain.OpenChannelAsync(deposit: 100_000);
        await using var server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, store.DataFolder, Price)
        {
            Overrides = settings,
        });

        await AgentPayments.PayAsync(chain, server, channel, 2);

        var active = await store.ColumnAsync($"SELECT address FROM orleansmembershiptable WHERE status = {Active}");
        Assert.Equal(["127.0.0.1"], active);
    }
}
