using Billing.Persistence.Hosting;
using Orleans.TestingHost;

namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>
/// Starts a one-silo in-process cluster whose only grain storage is the billing store under test. Membership is the
/// test cluster's own; the clustering tests host a real silo instead (see <see cref="ClusteredSiloHost"/>).
/// </summary>
public static class BillingTestCluster
{
    public static async Task<InProcessTestCluster> DeployAsync(BillingStorageOptions options)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddBillingStorage(options));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }
}
