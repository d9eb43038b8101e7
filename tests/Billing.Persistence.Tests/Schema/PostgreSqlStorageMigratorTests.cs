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
