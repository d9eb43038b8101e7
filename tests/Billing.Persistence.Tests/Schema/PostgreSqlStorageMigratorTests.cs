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
            DROP INDEX IX_BillingChargeJournal_Sequence;
            ALTER TABLE BillingChargeJournal DROP COLUMN Sequence, DROP COLUMN VoucherAmount, DROP COLUMN VoucherSignature,
                DROP COLUMN SignedMaxClaimable, DROP COLUMN Ceiling, DROP COLUMN ExactSubUnits, DROP COLUMN CarriedSubUnits;
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'm-100', 'call', 90, 100, '2026-03-01T12:00:03Z', NULL, 0, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'a-zero', 'metered', 0, 10, '2026-03-01T12:00:02Z', 'embed', 5, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xaa', 'z-first', 'call', 10, 10, '2026-03-01T12:00:01Z', NULL, 0, 0);
            INSERT INTO BillingChargeJournal VALUES ('0xbb', 'b-1', 'call', 7, 7, '2026-03-01T12:00:00Z', NULL, 0, 0);
            """);

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var rows = new List<ChargeRecord>();
        await foreach (var row in journal.ReadAllAsync())
        {
            rows.Add(row);
        }

        Assert.Equal(
            [("0xaa", "z-first", 1L), ("0xaa", "a-zero", 2L), ("0xaa", "m-100", 3L), ("0xbb", "b-1", 1L)],
            rows.Select(row => (row.ChannelId, row.RequestId, row.Sequence)));
    }

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
