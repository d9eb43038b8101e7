using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Billing.IntegrationTests.Cluster;

/// <summary>Servers that form one Orleans cluster on a PostgreSQL store, on loopback, as an operator's silos do.</summary>
internal static class ClusterServers
{
    // Orleans' SiloStatus.Active.
    private const int Active = 3;

    public const ulong Price = 1_000;

    public static LocalServerSettings Settings(LocalChainFixture chain, PostgreSqlServerStore store) =>
        new(chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, store.DataFolder, Price)
        {
            Overrides = new Dictionary<string, string?>(store.Settings)
            {
                ["Cluster:UseDatabaseMembership"] = "true",

                // One cluster: a local server otherwise gets a cluster id of its own.
                ["Cluster:ClusterId"] = "billing-test",
                ["Cluster:AdvertisedAddress"] = "127.0.0.1",
                ["Cluster:ListenAddress"] = "127.0.0.1",
            },
        };

    /// <summary>
    /// Waits until every server's silo sees all of them active. Until then their views of the cluster differ, and Orleans'
    /// directory may place a grain on two silos at once (its storage's version check then refuses one of them).
    /// </summary>
    public static async Task WaitUntilFormedAsync(params LocalServer[] servers)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!servers.All(s => ActiveSeenBy(s) == servers.Length))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The silos see {string.Join(", ", servers.Select(ActiveSeenBy))} active, not {servers.Length} each.");
            }

            await Task.Delay(100);
        }
    }

    private static int ActiveSeenBy(LocalServer server) =>
        server.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    /// <summary>The addresses of the silos membership lists as active.</summary>
    public static Task<IReadOnlyList<string>> ActiveAsync(PostgreSqlServerStore store) =>
        store.ColumnAsync($"SELECT address FROM orleansmembershiptable WHERE status = {Active}");
}
