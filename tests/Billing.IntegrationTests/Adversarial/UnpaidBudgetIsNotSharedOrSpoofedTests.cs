using System.Net;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// The unpaid budget is counted per client address. A client must not pick that address with X-Forwarded-For (a fresh
/// budget per request), and behind a proxy the operator trusts, clients must not share the proxy's budget (one client's
/// refusals would lock everyone out).
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class UnpaidBudgetIsNotSharedOrSpoofedTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const int Budget = 3;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-forwarded-").FullName;
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Without_a_trusted_proxy_x_forwarded_for_does_not_buy_a_fresh_budget()
    {
        await using var server = await StartAsync(new Dictionary<string, string?>());

        for (var i = 1; i <= Budget; i++)
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, await ChallengeAsync(server, $"10.0.0.{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ChallengeAsync(server, "10.0.0.99"));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget()
    {
        await using var server = await StartAsync(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, await ChallengeAsync(server, "10.0.0.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ChallengeAsync(server, "10.0.0.1"));
        Assert.Equal(HttpStatusCode.PaymentRequired, await ChallengeAsync(server, "10.0.0.2"));
    }

    private async Task<HttpStatusCode> ChallengeAsync(LocalServer server, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/v1/fortune"));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private Task<LocalServer> StartAsync(Dictionary<string, string?> overrides)
    {
        overrides["RateLimits:UnpaidPerClientPerMinute"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, 1_000)
        {
            Overrides = overrides,
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _http.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
        return Task.CompletedTask;
    }
}
