using Billing.Core.Journal;
using Billing.Persistence.Journal;
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

        Assert.Equal(KeyColumns, await KeyAsync(database));
        Assert.Equal("10", await database.ScalarAsync("SELECT CumulativeCharged FROM BillingChargeJournal WHERE RequestId = 'req-1'"));
        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'BillingChargeJournal_%'"));
    }

    [Fact]
    public async Task A_journal_without_commit_order_is_rebuilt_with_its_rows_numbered_by_position_and_time()
    {
        await using var database = new SqliteTestDatabase();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await database.ScalarAsync(
            """
            DROP TABLE BillingChargeJournal;
            CREATE TABLE BillingChargeJournal (ChannelId TEXT NOT NULL, RequestId TEXT NOT NULL, Kind TEXT NOT NULL, Amount TEXT NOT NULL,
                CumulativeCharged TEXT NOT NULL, ChargedAt TEXT NOT NULL, Model TEXT NULL, InputTokens INTEGER NOT NULL DEFAULT 0,
                OutputTokens INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged)) STRICT;
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'm-100', 'call', '90', '100', '2026-03-01T12:00:03.0000000Z', NULL, 0, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'a-zero', 'metered', '0', '10', '2026-03-01T12:00:02.0000000Z', 'embed', 5, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'z-first', 'call', '10', '10', '2026-03-01T12:00:01.0000000Z', NULL, 0, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xbb', 'b-1', 'call', '7', '7', '2026-03-01T12:00:00.0000000Z', NULL, 0, 0);
            """);

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        var rows = await database.ReadJournalAsync();

        // Position 100 sorts after 10 numerically; at position 10 the earlier charge comes first, whatever its request id.
        Assert.Equal(
            [("0xaa", "z-first", 1L), ("0xaa", "a-zero", 2L), ("0xaa", "m-100", 3L), ("0xbb", "b-1", 1L)],
            rows.Select(row => (row.ChannelId, row.RequestId, row.Sequence)));
        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'BillingChargeJournal_%'"));
        Assert.Equal(KeyColumns, await KeyAsync(database));
    }

    [Fact]
    public async Task A_journal_keyed_beside_a_sequence_index_is_rebuilt_with_the_key_that_leads_with_the_sequence_and_its_rows()
    {
        await using var database = new SqliteTestDatabase();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await database.ScalarAsync(
            """
            DROP TABLE BillingChargeJournal;
            CREATE TABLE BillingChargeJournal (ChannelId TEXT NOT NULL, RequestId TEXT NOT NULL, Kind TEXT NOT NULL, Amount TEXT NOT NULL,
                CumulativeCharged TEXT NOT NULL, ChargedAt TEXT NOT NULL, Model TEXT NULL, InputTokens INTEGER NOT NULL DEFAULT 0,
                OutputTokens INTEGER NOT NULL DEFAULT 0, Sequence INTEGER NOT NULL DEFAULT 0, VoucherAmount TEXT NOT NULL DEFAULT '0',
                VoucherSignature TEXT NULL, SignedMaxClaimable TEXT NOT NULL DEFAULT '0', Ceiling TEXT NOT NULL DEFAULT '0',
                ExactSubUnits TEXT NOT NULL DEFAULT '0', CarriedSubUnits TEXT NOT NULL DEFAULT '0',
                PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged)) STRICT;
            CREATE INDEX IX_BillingChargeJournal_Sequence ON BillingChargeJournal (ChannelId, Sequence);
            INSERT INTO BillingChargeJournal (ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Sequence, VoucherAmount, VoucherSignature)
                VALUES ('0xaa', 'r-1', 'call', '10', '10', '2026-03-01T12:00:01.0000000Z', 1, '15', '0x01'),
                       ('0xaa', 'r-2', 'call', '5', '15', '2026-03-01T12:00:02.0000000Z', 2, '20', '0x02');
            """);

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        Assert.Equal(KeyColumns, await KeyAsync(database));
        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'BillingChargeJournal_%' OR name LIKE 'IX_BillingChargeJournal%'"));
        var rows = await database.ReadJournalAsync();

        Assert.Equal([("r-1", 1L, (UInt128)15, "0x01"), ("r-2", 2L, (UInt128)20, "0x02")], rows.Select(r => (r.RequestId, r.Sequence, r.VoucherAmount, r.VoucherSignature)));
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

    private const string KeyColumns = "ChannelId,Sequence,RequestId,Kind,CumulativeCharged";

    private static Task<object?> KeyAsync(TestDatabase database) =>
        database.ScalarAsync("SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('BillingChargeJournal') WHERE pk > 0 ORDER BY pk)");
}
