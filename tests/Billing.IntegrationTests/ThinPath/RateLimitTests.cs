using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Client.Payments;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.ThinPath;

/// <summary>Floods cost the server a bucket lookup: past the limit, 429 with Retry-After, and nothing is charged.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class RateLimitTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-limits-").FullName;
    private LocalServer _server = null!;
    private FundedChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _channel = await chain.OpenChannelAsync(deposit: 100_000, payerKeyIndex: 5);
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = new Dictionary<string, string?>
            {
                ["RateLimits:UnpaidPerClientPerMinute"] = "5",
                ["RateLimits:PaidPerChannelPerMinute"] = "3",
            },
        });
    }

    [Fact]
    public async Task Unpaid_challenges_past_the_per_client_limit_get_429_with_retry_after()
    {
        using var http = new HttpClient();
        for (var i = 0; i < 5; i++)
        {
            using var challenge = await http.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));
            Assert.Equal(HttpStatusCode.PaymentRequired, challenge.StatusCode);
        }

        using var limited = await http.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Paid_requests_past_the_per_channel_limit_get_429_and_are_not_charged()
    {
        var options = PaidRequestSettlementTests.PayerOptionsFor(chain);
        options.ChannelSalt = _channel.Config.Salt;
        using var agent = new HttpClient(new X402PaymentHandler(_channel.Payer, options) { InnerHandler = new HttpClientHandler() });
        for (var i = 0; i < 3; i++)
        {
            using var paid = await agent.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        using var limited = await agent.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        using var operatorApi = new OperatorClient(_server);
        Assert.Equal((3 * Price).ToString(CultureInfo.InvariantCulture), (await operatorApi.ChannelAsync(_channel.Id))!.ChargedCumulative);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
