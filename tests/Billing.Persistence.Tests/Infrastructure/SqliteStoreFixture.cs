namespace Billing.Persistence.Tests.Infrastructure;

public sealed class SqliteStoreFixture : StoreFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}
