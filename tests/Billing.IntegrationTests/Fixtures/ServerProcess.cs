using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Billing.Cli.LocalChain;
using Billing.Evm;

namespace Billing.IntegrationTests.Fixtures;

/// <summary>
/// The server as a separate OS process (the CLI's "serve" command), so a test can kill it the hard way (SIGKILL) and
/// start it again on the same data.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, int port)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "billing.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add($"--Urls={baseAddress}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        var server = new ServerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => server.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var health = await http.GetAsync(new Uri(baseAddress, "/health"));
                if (health.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        var output = server.Output;
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server did not become healthy on {baseAddress}. Its output:\n{output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly what a crash does.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What every "serve" process of the tests needs: the chain, the receiver, its authorizer's key in a file only this
    /// user can read, storage and cluster ports under <paramref name="folder"/>, the operator token and the demo price.
    /// </summary>
    public static Dictionary<string, string> Settings(
        Uri rpcUrl, Deployment deployment, Address receiver, string receiverAuthorizerKey, string folder, string operatorToken, ulong price)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var keyFile = Path.Combine(folder, "receiver-authorizer.key");
        File.WriteAllText(keyFile, receiverAuthorizerKey);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new Dictionary<string, string>
        {
            ["Chain:RpcUrl"] = rpcUrl.ToString(),
            ["Chain:ChainId"] = Text(deployment.ChainId),
            ["Chain:BatchSettlement"] = deployment.BatchSettlement,
            ["Payment:PayTo"] = receiver.ToString(),
            ["Payment:Asset"] = deployment.Token,
            ["Payment:AssetName"] = deployment.TokenName,
            ["Payment:AssetVersion"] = deployment.TokenVersion,
            ["Keys:ReceiverAuthorizerKeyFile"] = keyFile,
            ["Storage:DataFolder"] = Path.Combine(folder, "data"),
            ["Cluster:SiloPort"] = Text((ulong)FreePort()),
            ["Cluster:GatewayPort"] = Text((ulong)FreePort()),
            ["Operator:Token"] = operatorToken,
            ["Demo:Price"] = Text(price),
        };
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
