using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Billing.Cli.LocalChain;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// The official x402 npm client, driven by tests/interop/pay-ours.mjs in a Node process against one of our servers.
/// </summary>
internal sealed class OfficialClient(CanonicalChainFixture chain, Uri serverUrl, string payerKey)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Keeps the client's channel records in files, so that separate steps continue one client.</summary>
    public string? StateFolder { get; init; }

    public async Task<OfficialClientRun<OfficialClientReport>> RunAsync(string step, int requests = 50)
    {
        var start = Harness(chain, "pay-ours.mjs", serverUrl, "/v1/fortune", payerKey);
        start.Environment["REQUESTS"] = requests.ToString(CultureInfo.InvariantCulture);
        start.Environment["STEP"] = step;
        if (StateFolder is not null)
        {
            start.Environment["STATE_DIR"] = StateFolder;
        }

        return await RunAsync<OfficialClientReport>(start);
    }

    /// <summary>Runs a harness script and reads the JSON report it prints as its last line (null when it printed none).</summary>
    internal static async Task<OfficialClientRun<TReport>> RunAsync<TReport>(ProcessStartInfo start)
        where TReport : class
    {
        var result = await ExternalTool.RunAsync(start, Timeout);
        var lastLine = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var report = lastLine is not null && lastLine.StartsWith('{') ? JsonSerializer.Deserialize<TReport>(lastLine) : null;
        return new OfficialClientRun<TReport>(result.ExitCode, report, result.Stdout, result.Stderr);
    }

    /// <summary>A Node process running <paramref name="script"/> from tests/interop against a server on the canonical chain.</summary>
    internal static ProcessStartInfo Harness(CanonicalChainFixture chain, string script, Uri serverUrl, string resourcePath, string payerKey)
    {
        var harness = Path.Combine(RepositoryRoot.Path, "tests", "interop");
        if (!Directory.Exists(Path.Combine(harness, "node_modules", "@x402", "evm")))
        {
            throw new InvalidOperationException(
                $"The official x402 client is not installed in {harness}/node_modules: run scripts/setup (npm ci in tests/interop).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = harness };
        start.ArgumentList.Add(script);
        start.Environment["SERVER_URL"] = serverUrl.ToString();
        start.Environment["RESOURCE_PATH"] = resourcePath;
        start.Environment["RPC_URL"] = chain.RpcUrl.ToString();
        start.Environment["CHAIN_ID"] = AnvilNode.ChainId.ToString(CultureInfo.InvariantCulture);
        start.Environment["PAYER_KEY"] = payerKey;
        start.Environment["TOKEN"] = chain.Deployment.Token;
        return start;
    }
}

/// <summary>One run of a harness script: its exit code, its report (null when it printed none) and its raw output.</summary>
internal sealed record OfficialClientRun<TReport>(int ExitCode, TReport? Report, string Stdout, string Stderr)
    where TReport : class
{
    /// <summary>Everything the harness said, for assertion messages: the server's reasons are in here.</summary>
    public string Transcript => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
