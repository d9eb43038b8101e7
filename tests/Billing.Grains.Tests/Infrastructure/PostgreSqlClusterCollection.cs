namespace Billing.Grains.Tests.Infrastructure;

/// <summary>The test classes that share the PostgreSQL cluster (see <see cref="SqliteClusterCollection"/>).</summary>
[CollectionDefinition(PostgreSqlGrainCluster.Collection)]
public sealed class PostgreSqlClusterCollection : ICollectionFixture<PostgreSqlGrainCluster>;
