using Billing.Persistence;
using Billing.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>Both silos store grain state in one SQLite file in a fresh temporary data folder.</summary>
public class SqliteGrainCluster : GrainCluster
{
    public const string Collection = "Grains on SQLite";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "billing-grains-tests", Guid.NewGuid().ToString("N"));

    protected override Task<BillingStorageOptions> CreateStorageAsync() => Task.FromResult(new BillingStorageOptions
    {
        Provider = StorageProvider.Sqlite,
        ConnectionString = SqliteStorageLocation.ConnectionString(Path.Combine(_root, "data")),
    });

    protected override Task DropStorageAsync()
    {
        // Pooled connections keep the file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
