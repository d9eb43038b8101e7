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

    public async Task<OfficialClientRun> RunAsync(string step, int requests = 50)
    {
        var harness = Path.Combine(RepositoryRoot.Path, "tests", "interop");
        if (!Directory.Exists(Path.Combine(harness, "node_modules", "@x402", "evm")))
        {
            throw new InvalidOperationException(
                $"The official x402 client is not installed in {harness}/node_modules: run scripts/setup (npm ci in tests/interop).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = harness };
        start.ArgumentList.Add("pay-ours.mjs");
        start.Environment["SERVER_URL"] = serverUrl.ToString();
        start.Environment["RESOURCE_PATH"] = "/v1/fortune";
        start.Environment["RPC_URL"] = chain.RpcUrl.ToString();
        start.Environment["CHAIN_ID"] = AnvilNode.ChainId.ToString(CultureInfo.InvariantCulture);
        start.Environment["PAYER_KEY"] = payerKey;
        start.Environment["TOKEN"] = chain.Deployment.Token;
        start.Environment["REQUESTS"] = requests.ToString(CultureInfo.InvariantCulture);
        start.Environment["STEP"] = step;
        if (StateFolder is not null)
        {
            start.Environment["STATE_DIR"] = StateFolder;
        }

        var result = await ExternalTool.RunAsync(start, Timeout);
        var lastLine = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        OfficialClientReport? report = null;
        if (lastLine is not null && lastLine.StartsWith('{'))
        {
            report = JsonSerializer.Deserialize<OfficialClientReport>(lastLine);
        }

        return new OfficialClientRun(result.ExitCode, report, result.Stdout, result.Stderr);
    }
}

/// <summary>One run of the harness: its exit code, its report (null when it printed none) and its raw output.</summary>
internal sealed record OfficialClientRun(int ExitCode, OfficialClientReport? Report, string Stdout, string Stderr)
{
    /// <summary>Everything the harness said, for assertion messages: the server's reasons are in here.</summary>
    public string Transcript => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
