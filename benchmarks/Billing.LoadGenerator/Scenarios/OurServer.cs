using Billing.Cli.LocalChain;
using Billing.LoadGenerator.Channels;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// Our server hosted in this process on loopback, over the benchmark chain, with a fresh data folder and service id so
/// every scenario starts with nothing charged. Rate limits are lifted: they would measure the limiter, not the path.
/// </summary>
public sealed class OurServer : IAsyncDisposable
{
    private readonly string _dataFolder;

    private OurServer(LocalServer server, string dataFolder)
    {
        Server = server;
        _dataFolder = dataFolder;
    }

    public LocalServer Server { get; }

    public static async Task<OurServer> StartAsync(
        LocalChain chain,
        LoadSettings settings,
        string durability,
        string storage,
        string? connectionString,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        var dataFolder = Directory.CreateTempSubdirectory("billing-bench-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["Channels:Durability"] = durability,
            ["Storage:Provider"] = storage,
            ["Cluster:ServiceId"] = $"bench-{Guid.NewGuid():N}",
            ["RateLimits:UnpaidPerClientPerMinute"] = "1000000000",

            // Starvation warnings are expected while the load generator saturates two cores; they would drown the figures.
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        if (connectionString is not null)
        {
            overrides["Storage:ConnectionString"] = connectionString;
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var serverSettings = new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, LocalChain.Receiver().ToString(), LocalChain.ReceiverAuthorizerKey, dataFolder, settings.Price)
        {
            Overrides = overrides,
        };
        try
        {
            return new OurServer(await LocalServer.StartAsync(serverSettings, cancellationToken), dataFolder);
        }
        catch
        {
            Directory.Delete(dataFolder, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment after the silo stops; a leftover temp folder is harmless.
        }
    }
}
