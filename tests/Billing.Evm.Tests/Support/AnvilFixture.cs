using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Billing.Evm.Rpc;

namespace Billing.Evm.Tests.Support;

/// <summary>
/// One anvil (Cancun, default mnemonic) per test collection on a free loopback port; killed when the collection ends.
/// Tests that need it fail with a set-up hint when anvil is not installed.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    /// <summary>Anvil's well-known default accounts 0 and 1 (public test keys of the "test test … junk" mnemonic).</summary>
    public const string Key0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public const string Key1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private Process? _process;
    private readonly HttpClient _http = new();

    public EthRpcClient Rpc { get; private set; } = null!;

    public Uri Endpoint { get; private set; } = null!;

    public ulong ChainId { get; private set; }

    public async Task InitializeAsync()
    {
        var anvil = RepositoryRoot.ContractsBin("anvil");
        Assert.True(File.Exists(anvil), $"anvil not found at {anvil}: run scripts/setup (npm ci in contracts/).");
        var port = FreePort();
        var start = new ProcessStartInfo(anvil)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--hardfork", "cancun", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        Rpc = new EthRpcClient(_http, Endpoint, new EthRpcOptions { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(10) });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                ChainId = await Rpc.GetChainIdAsync();
                return;
            }
            catch (EthRpcTransportException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _http.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A client with a short poll interval so receipt waits stay fast on an automining chain.</summary>
    public TransactionSenderOptions FastSenderOptions => new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        DroppedAfter = TimeSpan.FromSeconds(2),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
    public const string Name = "anvil";
}
