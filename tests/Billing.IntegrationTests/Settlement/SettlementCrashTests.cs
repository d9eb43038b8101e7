using System.Net;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Faults;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Settlement;

/// <summary>
/// The server process is SIGKILLed right after its first claim transaction went out, then restarted on the same storage:
/// settlement resumes, the chain ends up holding exactly what was charged, and nothing is claimed or paid twice.
/// </summary>
[Collection(SettlementFaultsCollection.Name)]
public sealed class SettlementCrashTests(DeployedChainImage image) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private const string OperatorToken = "settlement-crash-operator";
    private readonly string _folder = Directory.CreateTempSubdirectory("billing-settle-crash-").FullName;
    private readonly HttpClient _http = new();
    private FaultChain _chain = null!;

    public async Task InitializeAsync() => _chain = await image.StartChainAsync();

    [Fact]
    public async Task A_server_killed_during_settlement_resumes_on_its_storage_without_claiming_twice()
    {
        var channels = await _chain.OpenChannelsAsync(30, deposit: 100_000);
        var settings = Settings();
        var port = ServerProcess.FreePort();
        var charged = new Dictionary<Hash32, UInt128>();

        await using (var server = await ServerProcess.StartAsync(settings, port))
        {
            using var unpaid = await _http.GetAsync(new Uri(server.BaseAddress, "/v1/fortune"));
            var offer = X402Responses.PaymentRequired(unpaid).Accepts.Single();
            var random = new Random(30);
            foreach (var channel in channels)
            {
                var requests = random.Next(1, 4);
                for (var i = 1; i <= requests; i++)
                {
                    await PayAsync(server.BaseAddress, offer, channel, (UInt128)(i * (int)Price));
                }

                charged[channel.Id] = (UInt128)(requests * (int)Price);
            }

            using var operatorApi = SettlementRuns.OperatorApi(server.BaseAddress, OperatorToken);
            var firstClaim = _chain.Proxy.NextTransactionForwarded();
            var running = new SettlementRuns(operatorApi).RunAsync();
            await firstClaim;
            await server.KillAsync();
            Assert.Null(await running);
        }

        var ledger = new ClaimLedger(_chain);
        Assert.NotNull(await ledger.GapAsync(charged));
        await using var restarted = await ServerProcess.StartAsync(settings, port);
        using var restartedApi = SettlementRuns.OperatorApi(restarted.BaseAddress, OperatorToken);
        var runs = new SettlementRuns(restartedApi);
        await runs.RunUntilAsync(() => ledger.GapAsync(charged));
        await ledger.AssertClaimedExactlyOnceAsync(charged, runs.ClaimTransactions);
    }

    private async Task PayAsync(Uri server, PaymentRequirements offer, FundedChannel channel, UInt128 maxClaimable)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/v1/fortune"));
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, VoucherHeaders.Build(offer, _chain.Domain, channel.Config, maxClaimable, channel.Payer));
        using var paid = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
    }

    private Dictionary<string, string> Settings()
    {
        var settings = ServerProcess.Settings(
            _chain.Proxy.Url, _chain.Deployment, _chain.Receiver.Address, _chain.ReceiverAuthorizerKey, _folder, OperatorToken, Price);
        settings["ChainWatcher:StartBlock"] = ServerProcess.Text(_chain.Deployment.DeployBlock);
        settings["Settlement:BatchSize"] = "10";
        settings["Logging:LogLevel:Default"] = "Error";
        return settings;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _chain.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
