using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Interop;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>
/// The official x402 resource server (<c>@x402/express</c> with <c>@x402/evm</c>'s batch-settlement server scheme),
/// run by tests/interop/serve-reference.mjs in a Node process, pointed at our facilitator. Its admin routes expose the
/// channel manager (claim and settle through our <c>/settle</c>) and its channel records.
/// </summary>
internal sealed class ReferenceServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly HttpClient _http;

    private ReferenceServer(Process process, Uri baseAddress, StringBuilder output)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public Uri BaseAddress { get; }

    public Uri Resource => new(BaseAddress, "/v1/fortune");

    /// <summary>Everything the Node process printed, for assertion messages: the reference's own errors are in here.</summary>
    public string Output => Snapshot(_output);

    public static async Task<ReferenceServer> StartAsync(
        Uri facilitator, string? facilitatorToken, string payTo, Deployment deployment, ulong price, ulong? minDeposit = null)
    {
        var harness = Path.Combine(RepositoryRoot.Path, "tests", "interop");
        if (!Directory.Exists(Path.Combine(harness, "node_modules", "@x402", "express")))
        {
            throw new InvalidOperationException(
                $"The official x402 resource server is not installed in {harness}/node_modules: run scripts/setup (npm ci in tests/interop).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = harness,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve-reference.mjs");
        start.Environment["FACILITATOR_URL"] = facilitator.ToString().TrimEnd('/');
        start.Environment["PAY_TO"] = payTo;
        start.Environment["TOKEN"] = deployment.Token;
        start.Environment["TOKEN_NAME"] = deployment.TokenName;
        start.Environment["TOKEN_VERSION"] = deployment.TokenVersion;
        start.Environment["PRICE"] = price.ToString(CultureInfo.InvariantCulture);
        start.Environment["CHAIN_ID"] = deployment.ChainId.ToString(CultureInfo.InvariantCulture);
        start.Environment["PORT"] = "0";
        if (facilitatorToken is not null)
        {
            start.Environment["FACILITATOR_TOKEN"] = facilitatorToken;
        }

        if (minDeposit is { } min)
        {
            start.Environment["MIN_DEPOSIT"] = min.ToString(CultureInfo.InvariantCulture);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            Capture(output, e.Data);
            if (e.Data is { } line && line.StartsWith("{\"ready\"", StringComparison.Ordinal))
            {
                ready.TrySetResult(JsonDocument.Parse(line).RootElement.Clone());
            }
        };
        process.ErrorDataReceived += (_, e) => Capture(output, e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("serve-reference.mjs exited before it was ready."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        JsonElement announcement;
        try
        {
            announcement = await ready.Task.WaitAsync(StartTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Stop(process);
            throw new InvalidOperationException($"The reference server did not start: {ex.Message}\n{Snapshot(output)}", ex);
        }

        if (!announcement.GetProperty("ready").GetBoolean())
        {
            Stop(process);
            throw new InvalidOperationException($"The reference server refused to start:\n{Snapshot(output)}");
        }

        return new ReferenceServer(process, new Uri(announcement.GetProperty("url").GetString()!), output);
    }

    /// <summary>The reference channel manager's claimAndSettle(): claims through our /settle, then settle(receiver, token).</summary>
    public async Task<JsonElement> ClaimAndSettleAsync()
    {
        using var response = await _http.PostAsync(new Uri("/admin/claim-and-settle", UriKind.Relative), content: null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"claimAndSettle failed: {body}\n{Output}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The reference server's channel records.</summary>
    public async Task<JsonElement> ChannelsAsync()
    {
        var body = await _http.GetStringAsync(new Uri("/admin/channels", UriKind.Relative));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static void Capture(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
