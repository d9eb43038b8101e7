using Billing.Persistence;
using Billing.Persistence.Schema;

namespace Billing.Benchmarks.Persistence;

/// <summary>A migrated SQLite database file in a temporary folder of its own, deleted with it.</summary>
internal sealed class TemporarySqliteStore : IDisposable
{
    private readonly string _directory;

    private TemporarySqliteStore(string directory)
    {
        _directory = directory;
        ConnectionString = $"Data Source={Path.Combine(directory, "billing.db")}";
    }

    public string ConnectionString { get; }

    /// <summary>The database's write-ahead log, for what a run wrote to it.</summary>
    public FileInfo WriteAheadLog => new(Path.Combine(_directory, "billing.db-wal"));

    public static async Task<TemporarySqliteStore> CreateAsync()
    {
        var store = new TemporarySqliteStore(Directory.CreateTempSubdirectory("billing-bench-").FullName);
        await StorageMigrator.ApplyAsync(StorageProvider.Sqlite, store.ConnectionString);
        return store;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
