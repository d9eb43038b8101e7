namespace Billing.Persistence.Tests.Infrastructure;

public sealed class PostgreSqlStoreFixture : StoreFixture
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
