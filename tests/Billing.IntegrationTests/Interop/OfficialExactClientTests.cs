using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Exact;
using Billing.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// The official npm client (<c>@x402/fetch</c> with <c>@x402/evm</c>'s exact scheme, unmodified) pays our exact route on
/// anvil through tests/interop/pay-exact.mjs: one transfer per request lands on chain, and a replayed payment is refused.
/// The exact scheme needs no contract at a canonical address, so the ordinary local chain serves.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class OfficialExactClientTests(LocalChainFixture chain, ITestOutputHelper output) : IDisposable
{
    private const ulong Price = 1_500;
    private const int Requests = 3;

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-interop-exact-").FullName;

    [Fact]
    public async Task Official_client_pays_the_exact_route_with_one_transfer_per_request()
    {
        // A fresh payer: the official client needs the key itself, and its balance must be this test's alone.
        var payerKey = Hex.Encode(RandomNumberGenerator.GetBytes(PrivateKey.Size));
        using var payer = PrivateKey.FromHex(payerKey);
        await ExactChain.MintAsync(chain, payer.Address, 100 * Price);
        var token = ExactChain.Token(chain);
        var payeeBefore = await token.BalanceOfAsync(chain.Receiver.Address);
        await using var server = await LocalServer.StartAsync(ExactChain.Settings(chain, _dataFolder, Price));

        var run = await RunAsync(server.BaseAddress, payerKey);
        output.WriteLine(run.Transcript);

        Assert.True(run.ExitCode == 0, run.Transcript);
        var report = Assert.IsType<ExactClientReport>(run.Report);
        Assert.Empty(report.Errors);
        Assert.Equal(payer.Address.ToString(), report.Payer, ignoreCase: true);
        Assert.Equal(Requests, report.Paid);
        Assert.Equal(402, report.ReplayStatus);
        Assert.Equal("invalid_exact_evm_nonce_already_used", report.ReplayReason);

        // Each receipt names its own successful transfer into the token contract.
        Assert.Equal(Requests, report.Transactions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var transaction in report.Transactions)
        {
            var receipt = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(transaction));
            Assert.NotNull(receipt);
            Assert.True(receipt.Succeeded);
            Assert.Equal(token.Address, receipt.To);
        }

        // Exactly the price per request moved, and nothing for the refused replay.
        Assert.Equal(new BigInteger((100 - Requests) * Price), await token.BalanceOfAsync(payer.Address));
        Assert.Equal(payeeBefore + (Requests * Price), await token.BalanceOfAsync(chain.Receiver.Address));
    }

    private async Task<ExactClientRun> RunAsync(Uri serverUrl, string payerKey)
    {
        var harness = Path.Combine(RepositoryRoot.Path, "tests", "interop");
        if (!Directory.Exists(Path.Combine(harness, "node_modules", "@x402", "evm")))
        {
            throw new InvalidOperationException(
                $"The official x402 client is not installed in {harness}/node_modules: run scripts/setup (npm ci in tests/interop).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = harness };
        start.ArgumentList.Add("pay-exact.mjs");
        start.Environment["SERVER_URL"] = serverUrl.ToString();
        start.Environment["RESOURCE_PATH"] = "/v1/fortune/once";
        start.Environment["CHAIN_ID"] = chain.Deployment.ChainId.ToString(CultureInfo.InvariantCulture);
        start.Environment["PAYER_KEY"] = payerKey;
        start.Environment["TOKEN"] = chain.Deployment.Token;
        start.Environment["REQUESTS"] = Requests.ToString(CultureInfo.InvariantCulture);
        var result = await ExternalTool.RunAsync(start, TimeSpan.FromMinutes(3));
        var lastLine = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var report = lastLine is not null && lastLine.StartsWith('{') ? JsonSerializer.Deserialize<ExactClientReport>(lastLine) : null;
        return new ExactClientRun(result.ExitCode, report, $"exit {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record ExactClientRun(int ExitCode, ExactClientReport? Report, string Transcript);

    /// <summary>The JSON line tests/interop/pay-exact.mjs prints.</summary>
    private sealed record ExactClientReport
    {
        [JsonPropertyName("payer")]
        public string? Payer { get; init; }

        [JsonPropertyName("paid")]
        public int Paid { get; init; }

        [JsonPropertyName("transactions")]
        public IReadOnlyList<string> Transactions { get; init; } = [];

        [JsonPropertyName("replayStatus")]
        public int? ReplayStatus { get; init; }

        [JsonPropertyName("replayReason")]
        public string? ReplayReason { get; init; }

        [JsonPropertyName("errors")]
        public IReadOnlyList<string> Errors { get; init; } = [];
    }
}
