using Billing.Persistence;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>Both silos store grain state in a PostgreSQL database created for this run and dropped after it.</summary>
public sealed class PostgreSqlGrainCluster : GrainCluster
{
    public const string Collection = "Grains on PostgreSQL";

    private PostgreSqlTestDatabase? _database;

    protected override async Task<BillingStorageOptions> CreateStorageAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync();
        return new BillingStorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _database.ConnectionString };
    }

    protected override async Task DropStorageAsync()
    {
        var database = Interlocked.Exchange(ref _database, null);
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
