using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Exact;

public sealed class SqliteExactSettlementStoreTests : ExactSettlementStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}
