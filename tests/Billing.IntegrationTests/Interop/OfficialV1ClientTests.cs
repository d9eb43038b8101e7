using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Exact;
using Billing.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// The official x402 v1 client (<c>x402-fetch</c> 1.2.0 with <c>x402</c> 1.2.0, unmodified, as its README uses it) pays
/// our exact route through tests/interop/pay-v1.mjs. It knows networks only by name, so the chain is a local anvil
/// under Base Sepolia's chain id (84532), on 127.0.0.1.
/// </summary>
[Collection(NamedNetworkChainCollection.Name)]
public sealed class OfficialV1ClientTests(NamedNetworkChainFixture chain, ITestOutputHelper output) : IDisposable
{
    private const ulong Price = 1_200;
    private const int Requests = 2;

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-interop-v1-").FullName;

    [Fact]
    public async Task Official_v1_client_reads_the_v1_body_and_pays_the_exact_route_in_x_payment()
    {
        var payerKey = Hex.Encode(RandomNumberGenerator.GetBytes(PrivateKey.Size));
        using var payer = PrivateKey.FromHex(payerKey);
        await ExactChain.MintAsync(chain, payer.Address, 100 * Price);
        var token = ExactChain.Token(chain);
        var payeeBefore = await token.BalanceOfAsync(chain.Receiver.Address);
        await using var server = await LocalServer.StartAsync(ExactChain.Settings(chain, _dataFolder, Price));

        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(RepositoryRoot.Path, "tests", "interop") };
        start.ArgumentList.Add("pay-v1.mjs");
        start.Environment["SERVER_URL"] = server.BaseAddress.ToString();
        start.Environment["RESOURCE_PATH"] = "/v1/fortune/once";
        start.Environment["PAYER_KEY"] = payerKey;
        start.Environment["TOKEN"] = chain.Deployment.Token;
        start.Environment["REQUESTS"] = Requests.ToString(CultureInfo.InvariantCulture);
        var run = await OfficialClient.RunAsync<V1ClientReport>(start);
        output.WriteLine(run.Transcript);

        Assert.True(run.ExitCode == 0, run.Transcript);
        var report = Assert.IsType<V1ClientReport>(run.Report);
        Assert.Empty(report.Errors);
        Assert.Equal(Requests, report.Paid);

        // The v1 client sends each request unpaid first; the body it read named the network and the resource the v1 way.
        Assert.Equal(Requests, report.Challenges);
        Assert.All(report.Networks, n => Assert.Equal("base-sepolia", n));
        Assert.All(report.Resources, r => Assert.Equal(new Uri(server.BaseAddress, "/v1/fortune/once").ToString(), r));
        Assert.Equal(Enumerable.Repeat("base-sepolia", Requests), report.ReceiptNetworks);

        // One successful transfer per request, and exactly the price each.
        Assert.Equal(Requests, report.Transactions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var transaction in report.Transactions)
        {
            var receipt = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(transaction));
            Assert.NotNull(receipt);
            Assert.True(receipt.Succeeded);
            Assert.Equal(token.Address, receipt.To);
        }

        Assert.Equal(new BigInteger((100 - Requests) * Price), await token.BalanceOfAsync(payer.Address));
        Assert.Equal(payeeBefore + (Requests * Price), await token.BalanceOfAsync(chain.Receiver.Address));
    }

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    /// <summary>The JSON line tests/interop/pay-v1.mjs prints.</summary>
    private sealed record V1ClientReport
    {
        [JsonPropertyName("paid")]
        public int Paid { get; init; }

        [JsonPropertyName("challenges")]
        public int Challenges { get; init; }

        [JsonPropertyName("networks")]
        public IReadOnlyList<string> Networks { get; init; } = [];

        [JsonPropertyName("resources")]
        public IReadOnlyList<string> Resources { get; init; } = [];

        [JsonPropertyName("transactions")]
        public IReadOnlyList<string> Transactions { get; init; } = [];

        [JsonPropertyName("receiptNetworks")]
        public IReadOnlyList<string> ReceiptNetworks { get; init; } = [];

        [JsonPropertyName("errors")]
        public IReadOnlyList<string> Errors { get; init; } = [];
    }
}

/// <summary>A local chain under a chain id x402 v1 has a name for: Base Sepolia's, 84532.</summary>
public sealed class NamedNetworkChainFixture : LocalChainFixture
{
    public const ulong BaseSepolia = 84532;

    protected override ulong ChainId => BaseSepolia;
}

[CollectionDefinition(Name)]
public sealed class NamedNetworkChainCollection : ICollectionFixture<NamedNetworkChainFixture>
{
    public const string Name = "named-network local chain";
}
