using Billing.Persistence.Hosting;
using Billing.Persistence.Tests.Grains;
using Billing.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Billing.Persistence.Tests.Hosting;

public sealed class AddBillingStorageTests
{
    public static TheoryData<BillingStorageOptions, string> InvalidOptions => new()
    {
        { new BillingStorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "" }, nameof(BillingStorageOptions.ConnectionString) },
        { new BillingStorageOptions { Provider = (StorageProvider)42, ConnectionString = "Data Source=x.db" }, nameof(BillingStorageOptions.Provider) },
        { new BillingStorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "Data Source=x.db", UseClustering = true }, nameof(BillingStorageOptions.UseClustering) },
        { new BillingStorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "Data Source=x.db", UseReminders = true }, nameof(BillingStorageOptions.UseReminders) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Rejects_incomplete_or_unsupported_options_when_registering(BillingStorageOptions options, string offendingOption)
    {
        ArgumentException? failure = null;
        Host.CreateApplicationBuilder().UseOrleans(silo => failure = Assert.ThrowsAny<ArgumentException>(() => silo.AddBillingStorage(options)));

        Assert.NotNull(failure);
        Assert.Equal(offendingOption, failure.ParamName);
    }

    [Fact]
    public async Task Without_schema_application_an_empty_database_stops_the_silo_from_starting()
    {
        await using var database = new SqliteTestDatabase();
        var options = new BillingStorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = database.ConnectionString,
            ApplySchemaOnStart = false,
        };

        await Assert.ThrowsAnyAsync<Exception>(() => BillingTestCluster.DeployAsync(options));
    }

    [Fact]
    public async Task With_schema_application_the_same_empty_database_serves_grain_state()
    {
        await using var database = new SqliteTestDatabase();
        var options = new BillingStorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = database.ConnectionString };

        await using var cluster = await BillingTestCluster.DeployAsync(options);
        await cluster.Client.GetGrain<ILedgerProbeGrain>("ch-hosting").WriteAsync(5, "stored");

        Assert.Equal(1, (await database.Rows.SingleAsync("ch-hosting")).Version);
    }
}
