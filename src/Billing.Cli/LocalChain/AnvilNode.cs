using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Billing.Cli.LocalChain;

/// <summary>
/// A local anvil chain on a loopback port, for the demo and the integration tests. It can be stopped and started again on
/// the same port with its state (blocks, receipts, balances) kept, as a node that crashed and came back. Disposing it
/// stops the process.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    /// <summary>Anvil's well-known development accounts (mnemonic "test test … junk"); public knowledge, for local chains only.</summary>
    public static readonly string[] DevelopmentKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private readonly ContractsFolder _contracts;
    private readonly StringBuilder _output = new();
    private readonly string _stateFolder = Directory.CreateTempSubdirectory("anvil-state-").FullName;
    private Process? _process;

    private readonly ulong _chainId;

    private AnvilNode(ContractsFolder contracts, int port, ulong chainId)
    {
        _contracts = contracts;
        _chainId = chainId;
        Port = port;
        RpcUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri RpcUrl { get; }

    public const ulong ChainId = 31337;

    public static Task<AnvilNode> StartAsync(ContractsFolder contracts, CancellationToken cancellationToken = default) =>
        StartAsync(contracts, stateFile: null, cancellationToken);

    /// <summary>Starts anvil on a free port, from a state file written by <see cref="SaveStateAsync"/> when one is given.</summary>
    public static Task<AnvilNode> StartAsync(ContractsFolder contracts, string? stateFile, CancellationToken cancellationToken = default) =>
        StartAsync(contracts, stateFile, ChainId, cancellationToken);

    /// <summary>
    /// Starts anvil on a free loopback port under another chain id than <see cref="ChainId"/>, such as a public network's
    /// (84532, Base Sepolia) for clients that know networks only by name.
    /// </summary>
    public static async Task<AnvilNode> StartAsync(ContractsFolder contracts, string? stateFile, ulong chainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        ArgumentOutOfRangeException.ThrowIfZero(chainId);
        var node = new AnvilNode(contracts, FreeLoopbackPort(), chainId);
        await node.LaunchAsync(stateFile, cancellationToken);
        return node;
    }

    /// <summary>Writes the chain's whole state (accounts, blocks, receipts) as a file anvil can start from.</summary>
    public async Task SaveStateAsync(string path, CancellationToken cancellationToken = default)
    {
        var answer = await PostAsync("""{"jsonrpc":"2.0","id":1,"method":"anvil_dumpState","params":[]}""", cancellationToken);
        using var document = System.Text.Json.JsonDocument.Parse(answer);
        var hex = document.RootElement.GetProperty("result").GetString()
            ?? throw new InvalidOperationException("anvil_dumpState answered without a state.");

        // The RPC answers gzip-compressed JSON; --load-state reads plain JSON.
        using var compressed = new MemoryStream(Convert.FromHexString(hex.AsSpan(2)));
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        await using var file = File.Create(path);
        await gzip.CopyToAsync(file, cancellationToken);
    }

    /// <summary>Saves the state, then kills the process: the port stops answering, as when a node crashes.</summary>
    public async Task StopKeepingStateAsync(CancellationToken cancellationToken = default)
    {
        await SaveStateAsync(SavedStateFile, cancellationToken);
        await KillAsync();
    }

    /// <summary>Starts anvil again on the same port from the state <see cref="StopKeepingStateAsync"/> saved.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        _process is null
            ? LaunchAsync(SavedStateFile, cancellationToken)
            : throw new InvalidOperationException("anvil is still running; stop it first.");

    private string SavedStateFile => Path.Combine(_stateFolder, "state.json");

    private async Task LaunchAsync(string? stateFile, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_contracts.Tool("anvil"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--host", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--chain-id", _chainId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hardfork", "cancun", "--silent",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (stateFile is not null)
        {
            start.ArgumentList.Add("--load-state");
            start.ArgumentList.Add(stateFile);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("anvil did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_stateFolder, recursive: true);
    }

    private async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    private async Task<string> PostAsync(string body, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(RpcUrl, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process is null || _process.HasExited)
            {
                break;
            }

            try
            {
                using var body = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(RpcUrl, body, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(50, cancellationToken);
        }

        string output;
        lock (_output)
        {
            output = _output.ToString();
        }

        await KillAsync();
        throw new InvalidOperationException($"anvil did not answer on {RpcUrl} within 30 s. Its output:\n{output}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
