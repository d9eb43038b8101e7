using Billing.Persistence.Schema;
using Billing.Persistence.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Tests.Schema;

public sealed class SqliteStorageMigratorTests : StorageMigratorTests
{
    protected override IReadOnlySet<string> ExpectedQueryKeys => QueryKeys.Persistence;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    [Fact]
    public async Task Creates_the_data_folder_and_leaves_the_file_in_WAL_mode()
    {
        await using var database = new SqliteTestDatabase();
        Assert.False(File.Exists(Path.Combine(database.DataFolder, "billing.db")));

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        Assert.True(File.Exists(Path.Combine(database.DataFolder, "billing.db")));
        Assert.Equal("wal", await database.ScalarAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_journal_keyed_without_the_charge_position_is_rebuilt_with_its_rows()
    {
        await using var database = new SqliteTestDatabase();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await database.ScalarAsync(
            """
            DROP TABLE BillingChargeJournal;
            CREATE TABLE BillingChargeJournal (ChannelId TEXT NOT NULL, RequestId TEXT NOT NULL, Kind TEXT NOT NULL, Amount TEXT NOT NULL,
                CumulativeCharged TEXT NOT NULL, ChargedAt TEXT NOT NULL, Model TEXT NULL, InputTokens INTEGER NOT NULL DEFAULT 0,
                OutputTokens INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (ChannelId, RequestId, Kind)) STRICT;
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'req-1', 'call', '10', '10', '2026-03-01T12:00:00.0000000Z', NULL, 0, 0);
            """);

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        Assert.Equal(4L, await database.ScalarAsync("SELECT COUNT(*) FROM pragma_table_info('BillingChargeJournal') WHERE pk > 0"));
        Assert.Equal("10", await database.ScalarAsync("SELECT CumulativeCharged FROM BillingChargeJournal WHERE RequestId = 'req-1'"));
        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'BillingChargeJournal_%'"));
    }

    [Fact]
    public async Task Every_writing_query_asks_for_a_full_sync_first()
    {
        await using var database = new SqliteTestDatabase();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        var queries = await database.QueryRowsAsync();

        foreach (var key in new[] { "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey" })
        {
            Assert.StartsWith("PRAGMA synchronous = FULL;", queries[key].TrimStart(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("PRAGMA", queries["ReadFromStorageKey"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_fails_with_a_typed_error()
    {
        await using var database = new SqliteTestDatabase();
        Directory.CreateDirectory(database.DataFolder);
        var readOnly = new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();

        var failure = await Assert.ThrowsAsync<StorageMigrationException>(() => StorageMigrator.ApplyAsync(StorageProvider.Sqlite, readOnly));

        Assert.Contains("SQLite", failure.Message, StringComparison.Ordinal);
    }
}
