using System.Net;
using System.Text;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Gateway;

/// <summary>Tokens per minute per channel on metered routes: past the budget, 429 with Retry-After, and nothing is charged.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class GatewayTokenLimitTests(LocalChainFixture chain) : IAsyncLifetime
{
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayServer.StartAsync(chain, new Dictionary<string, string?> { ["RateLimits:TokensPerChannelPerMinute"] = "250" });

    [Fact]
    public async Task A_request_whose_token_bound_exceeds_what_is_left_this_minute_gets_429_and_is_not_charged()
    {
        var channel = await chain.OpenChannelAsync(1_000_000, payerKeyIndex: 9);
        using var agent = Agent(channel);

        // Each request is admitted at its upper bound: prompt bytes plus max_tokens, about 150 tokens here.
        using var first = await agent.PostAsync(Url(), Chat());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var operatorApi = new OperatorClient(_gateway.Server);
        var chargedAfterFirst = (await operatorApi.ChannelAsync(channel.Id))!.ChargedCumulative;

        using var second = await agent.PostAsync(Url(), Chat());

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal(chargedAfterFirst, (await operatorApi.ChannelAsync(channel.Id))!.ChargedCumulative);
    }

    private Uri Url() => new(_gateway.Server.BaseAddress, "/v1/chat/completions");

    private static StringContent Chat() => new(
        """{"model":"demo","messages":[{"role":"user","content":"a short question"}],"max_tokens":80}""", Encoding.UTF8, "application/json");

    private HttpClient Agent(FundedChannel channel) => GatewayRequests.PayingClient(chain, channel);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();
}
