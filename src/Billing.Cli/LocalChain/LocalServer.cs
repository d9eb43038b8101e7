using Microsoft.AspNetCore.Builder;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Billing.Server.Hosting;

namespace Billing.Cli.LocalChain;

/// <summary>
/// The billing server hosted in this process on loopback ports, configured for a local deployment: what the demo runs and
/// what the integration tests talk to over real HTTP.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _keyFolder;

    private LocalServer(WebApplication app, Uri baseAddress, string operatorToken, string keyFolder)
    {
        _app = app;
        BaseAddress = baseAddress;
        OperatorToken = operatorToken;
        _keyFolder = keyFolder;
    }

    public Uri BaseAddress { get; }

    public string OperatorToken { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LocalServer> StartAsync(LocalServerSettings settings, CancellationToken cancellationToken = default)
    {
        var operatorToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        // Keys reach the server the way they do in production: a file only its user can read.
        var keyFolder = Directory.CreateTempSubdirectory("billing-keys-").FullName;
        var keyFile = Path.Combine(keyFolder, "receiver-authorizer.key");
        await File.WriteAllTextAsync(keyFile, settings.ReceiverAuthorizerKey, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var config = new Dictionary<string, string?>
        {
            // Port 0: Kestrel binds a free port itself. A port picked beforehand may be taken by another process
            // (anvil, another server) before Kestrel binds it.
            ["Urls"] = "http://127.0.0.1:0",
            ["Chain:RpcUrl"] = settings.RpcUrl.ToString(),
            ["Chain:ChainId"] = settings.Deployment.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Chain:BatchSettlement"] = settings.Deployment.BatchSettlement,
            ["Chain:Erc3009DepositCollector"] = settings.Deployment.Erc3009DepositCollector,
            ["Payment:PayTo"] = settings.PayTo,
            ["Payment:Asset"] = settings.Deployment.Token,
            ["Payment:AssetName"] = settings.Deployment.TokenName,
            ["Payment:AssetVersion"] = settings.Deployment.TokenVersion,
            ["Keys:ReceiverAuthorizerKeyFile"] = keyFile,
            ["Storage:DataFolder"] = settings.DataFolder,
            ["Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = $"local-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            ["Operator:Token"] = operatorToken,
            ["ChainWatcher:StartBlock"] = settings.Deployment.DeployBlock.ToString(CultureInfo.InvariantCulture),
            ["ChainWatcher:PollInterval"] = "00:00:00.250",
            ["Demo:Price"] = settings.Price.ToString(CultureInfo.InvariantCulture),
            // Settlement runs when the demo or a test asks (operator API); tests of the scheduler turn it on.
            ["Settlement:Automatic"] = "false",
            ["Logging:LogLevel:Default"] = settings.LogLevel,
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",
        };
        foreach (var (key, value) in settings.Overrides)
        {
            config[key] = value;
        }

        var app = ServerApp.Build([], config, settings.DataFolder);
        await app.StartAsync(cancellationToken);
        var baseAddress = new Uri(app.Urls.Single());
        return new LocalServer(app, baseAddress, operatorToken, keyFolder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_keyFolder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record LocalServerSettings(
    Deployment Deployment,
    Uri RpcUrl,
    string PayTo,
    string ReceiverAuthorizerKey,
    string DataFolder,
    UInt128 Price)
{
    public string LogLevel { get; init; } = "Warning";

    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();
}
