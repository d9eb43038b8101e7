using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Exact;

public sealed class PostgreSqlExactSettlementStoreTests : ExactSettlementStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
