using Billing.Persistence.Storage;
using Billing.Persistence.Tests.Grains;
using Orleans.TestingHost;

namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>A fresh database of one engine and a silo storing grain state in it, shared by one test class.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private InProcessTestCluster? _cluster;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IClusterClient Client => Cluster.Client;

    public StoredStateRows Rows => Database.Rows;

    public IServiceProvider SiloServices => Cluster.GetSiloServiceProvider();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _cluster = await BillingTestCluster.DeployAsync(new BillingStorageOptions
        {
            Provider = _database.Provider,
            ConnectionString = _database.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Decodes a stored payload with the serializer the store writes with.</summary>
    public static LedgerProbeState DecodePayload(byte[] payload) =>
        new JsonGrainStateSerializer().Deserialize<LedgerProbeState>(new BinaryData(payload));

    protected abstract Task<TestDatabase> CreateDatabaseAsync();
}
