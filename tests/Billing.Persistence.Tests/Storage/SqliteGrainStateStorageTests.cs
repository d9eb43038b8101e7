using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Storage;

public sealed class SqliteGrainStateStorageTests(SqliteStoreFixture store)
    : GrainStateStorageTests<SqliteStoreFixture>(store), IClassFixture<SqliteStoreFixture>;
