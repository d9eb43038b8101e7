using Billing.Persistence.Tests.Grains;
using Billing.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Billing.Persistence.Tests.Hosting;

/// <summary>A silo whose membership and reminders go through our ADO.NET queries, on a fresh PostgreSQL database.</summary>
public sealed class PostgreSqlClusteringTests
{
    private const int ActiveStatus = 3;

    [Fact]
    public async Task Silo_joins_through_the_membership_table_and_keeps_reminders_in_the_database()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var serviceId = $"service-{Guid.NewGuid():N}";
        var options = new BillingStorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = database.ConnectionString,
            UseClustering = true,
            UseReminders = true,
        };

        using var host = await ClusteredSiloHost.StartAsync(options, clusterId, serviceId);
        try
        {
            Assert.Equal(1L, await database.ScalarAsync(
                $"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Status = {ActiveStatus}"));
            Assert.True(Convert.ToInt32(await database.ScalarAsync(
                $"SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = '{clusterId}'"), System.Globalization.CultureInfo.InvariantCulture) > 0);

            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var probe = grains.GetGrain<IReminderProbeGrain>("settlement-sweep");
            await probe.RegisterAsync("claim-batch");
            await probe.RegisterAsync("claim-batch"); // an upsert, not a second row

            Assert.Equal(["claim-batch"], await probe.ListAsync());
            Assert.Equal(1L, await database.ScalarAsync(
                $"SELECT COUNT(*) FROM OrleansRemindersTable WHERE ServiceId = '{serviceId}' AND ReminderName = 'claim-batch'"));

            await probe.UnregisterAsync("claim-batch");

            Assert.Empty(await probe.ListAsync());
            Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM OrleansRemindersTable"));
        }
        finally
        {
            await host.StopAsync();
        }

        // A silo that shut down cleanly leaves its row marked dead (6), not active.
        Assert.Equal(0L, await database.ScalarAsync(
            $"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Status = {ActiveStatus}"));
    }
}
