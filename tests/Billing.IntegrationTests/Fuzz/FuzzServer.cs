using System.Globalization;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>A real server on the local chain for one fuzz run, with its log captured and its data folder removed after.</summary>
internal sealed class FuzzServer : IAsyncDisposable
{
    private readonly string _dataFolder;

    private FuzzServer(LocalServer server, string dataFolder, CapturedLogs logs)
    {
        Server = server;
        _dataFolder = dataFolder;
        Logs = logs;
    }

    public LocalServer Server { get; }

    public CapturedLogs Logs { get; }

    public Uri Fortune => new(Server.BaseAddress, "/v1/fortune");

    public static async Task<FuzzServer> StartAsync(LocalChainFixture chain, UInt128 price, ulong unpaidPerClientPerMinute)
    {
        var dataFolder = Directory.CreateTempSubdirectory("billing-fuzz-").FullName;
        var server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, dataFolder, price)
        {
            Overrides = new Dictionary<string, string?>
            {
                ["RateLimits:UnpaidPerClientPerMinute"] = unpaidPerClientPerMinute.ToString(CultureInfo.InvariantCulture),
            },
        });
        var logs = new CapturedLogs();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        return new FuzzServer(server, dataFolder, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Logs.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
