using System.Data.Common;
using Billing.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>A database file in a fresh temporary data folder (the folder itself does not exist until used).</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    public SqliteTestDatabase(TimeSpan? busyTimeout = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "billing-persistence-tests", Guid.NewGuid().ToString("N"));
        DataFolder = Path.Combine(Root, "data");
        ConnectionString = SqliteStorageLocation.ConnectionString(DataFolder, busyTimeout: busyTimeout);
    }

    public string Root { get; }

    public string DataFolder { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string ConnectionString { get; }

    public override DbProviderFactory Factory => SqliteFactory.Instance;

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
