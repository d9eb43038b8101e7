using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Storage;

public sealed class PostgreSqlGrainStateStorageTests(PostgreSqlStoreFixture store)
    : GrainStateStorageTests<PostgreSqlStoreFixture>(store), IClassFixture<PostgreSqlStoreFixture>;
