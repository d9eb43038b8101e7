using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Billing.Cli.LocalChain;

/// <summary>
/// A local anvil chain on a free loopback port, for the demo and the integration tests. Disposing it stops the process.
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

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AnvilNode(Process process, int port)
    {
        _process = process;
        Port = port;
        RpcUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri RpcUrl { get; }

    public const ulong ChainId = 31337;

    public static async Task<AnvilNode> StartAsync(ContractsFolder contracts, CancellationToken cancellationToken = default)
    {
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(contracts.Tool("anvil"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hardfork", "cancun", "--silent" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("anvil did not start.");
        var node = new AnvilNode(process, port);
        process.OutputDataReceived += (_, e) => node.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => node.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilReadyAsync(cancellationToken);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
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
            if (_process.HasExited)
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

        await DisposeAsync();
        throw new InvalidOperationException($"anvil did not answer on {RpcUrl} within 30 s. Its output:\n{output}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
