using Billing.Core.Journal;
using Billing.Persistence.Journal;
using Billing.Persistence.Schema;
using Billing.Persistence.Tests.Infrastructure;
using Npgsql;

namespace Billing.Persistence.Tests.Schema;

public sealed class PostgreSqlStorageMigratorTests : StorageMigratorTests
{
    protected override IReadOnlySet<string> ExpectedQueryKeys { get; } =
        new HashSet<string>(QueryKeys.Persistence.Concat(QueryKeys.Clustering).Concat(QueryKeys.Reminders), StringComparer.Ordinal);

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();

    [Fact]
    public async Task A_journal_without_commit_order_gets_its_columns_and_its_rows_numbered_by_position_and_time()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await database.ScalarAsync(
            """
            ALTER TABLE BillingChargeJournal DROP CONSTRAINT PK_BillingChargeJournal;
            ALTER TABLE BillingChargeJournal DROP COLUMN Sequence, DROP COLUMN VoucherAmount, DROP COLUMN VoucherSignature,
                DROP COLUMN SignedMaxClaimable, DROP COLUMN Ceiling, DROP COLUMN ExactSubUnits, DROP COLUMN CarriedSubUnits;
            ALTER TABLE BillingChargeJournal ADD CONSTRAINT PK_BillingChargeJournal PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged);
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'm-100', 'call', 90, 100, '2026-03-01T12:00:03Z', NULL, 0, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'a-zero', 'metered', 0, 10, '2026-03-01T12:00:02Z', 'embed', 5, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'z-first', 'call', 10, 10, '2026-03-01T12:00:01Z', NULL, 0, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xbb', 'b-1', 'call', 7, 7, '2026-03-01T12:00:00Z', NULL, 0, 0);
            """);

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        var rows = await database.ReadJournalAsync();

        Assert.Equal(
            [("0xaa", "z-first", 1L), ("0xaa", "a-zero", 2L), ("0xaa", "m-100", 3L), ("0xbb", "b-1", 1L)],
            rows.Select(row => (row.ChannelId, row.RequestId, row.Sequence)));
        Assert.Equal(KeyColumns, await KeyAsync(database));
    }

    [Fact]
    public async Task A_journal_keyed_beside_a_sequence_index_gets_the_key_that_leads_with_the_sequence_and_keeps_its_rows()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await database.ScalarAsync(
            """
            ALTER TABLE BillingChargeJournal DROP CONSTRAINT PK_BillingChargeJournal;
            ALTER TABLE BillingChargeJournal ADD CONSTRAINT PK_BillingChargeJournal PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged);
            CREATE INDEX IX_BillingChargeJournal_Sequence ON BillingChargeJournal (ChannelId, Sequence);
            INSERT INTO BillingChargeJournal (ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Sequence, VoucherAmount, VoucherSignature)
                VALUES ('0xaa', 'r-1', 'call', 10, 10, '2026-03-01T12:00:01Z', 1, 15, '0x01'), ('0xaa', 'r-2', 'call', 5, 15, '2026-03-01T12:00:02Z', 2, 20, '0x02');
            """);

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        Assert.Equal(KeyColumns, await KeyAsync(database));
        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ix_billingchargejournal_sequence'"));
        var rows = await database.ReadJournalAsync();

        Assert.Equal([("r-1", 1L, (UInt128)15, "0x01"), ("r-2", 2L, (UInt128)20, "0x02")], rows.Select(r => (r.RequestId, r.Sequence, r.VoucherAmount, r.VoucherSignature)));
    }

    private const string KeyColumns = "channelid,sequence,requestid,kind,cumulativecharged";

    private static async Task<object?> KeyAsync(TestDatabase database) => await database.ScalarAsync(
        """
        SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM pg_constraint c
        CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.conrelid = 'billingchargejournal'::regclass AND c.contype = 'p'
        """);

    [Fact]
    public async Task A_database_that_refuses_the_login_fails_with_a_typed_error_that_does_not_reveal_the_password()
    {
        var missing = new NpgsqlConnectionStringBuilder(PostgreSqlTestDatabase.ServerConnectionString)
        {
            Database = $"billing_missing_{Guid.NewGuid():N}",
            Password = "do-not-print-this",
        }.ConnectionString;

        var failure = await Assert.ThrowsAsync<StorageMigrationException>(() => StorageMigrator.ApplyAsync(StorageProvider.PostgreSql, missing));

        Assert.Contains("PostgreSQL", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-print-this", failure.ToString(), StringComparison.Ordinal);
    }
}
