namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// The test classes that share the SQLite cluster. Tests in one collection run one after another, so a test that stops a
/// silo cannot pull it from under another; the PostgreSQL collection runs in parallel with this one.
/// </summary>
[CollectionDefinition(SqliteGrainCluster.Collection)]
public sealed class SqliteClusterCollection : ICollectionFixture<SqliteGrainCluster>;
