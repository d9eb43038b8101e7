using System.Net;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.ThinPath;

/// <summary>Prices from configuration for paths the provider's code does not annotate; failed handlers charge nothing.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class ConfiguredPriceTests(LocalChainFixture chain) : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-routes-").FullName;
    private readonly HttpClient _http = new();
    private LocalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price: 1_000)
        {
            Overrides = new Dictionary<string, string?>
            {
                ["Payment:Routes:0:Path"] = "/v1/models/*",
                ["Payment:Routes:0:Price"] = "2500",
                ["Payment:Routes:1:Path"] = "/v1/models/cheap",
                ["Payment:Routes:1:Price"] = "10",
            },
        });

    [Fact]
    public async Task A_configured_prefix_and_an_exact_path_are_offered_at_their_prices()
    {
        using var prefixed = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/models/anything"));
        using var exact = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/models/cheap"));
        using var annotated = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));

        Assert.Equal("2500", X402Responses.PaymentRequired(prefixed).Accepts.Single().Amount);
        Assert.Equal("10", X402Responses.PaymentRequired(exact).Accepts.Single().Amount);
        Assert.Equal("1000", X402Responses.PaymentRequired(annotated).Accepts.Single().Amount);
    }

    [Fact]
    public async Task A_paid_request_whose_handler_fails_is_charged_nothing()
    {
        var channel = await chain.OpenChannelAsync(deposit: 10_000, payerKeyIndex: 5);
        using var unpaid = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/models/missing"));
        var offer = X402Responses.PaymentRequired(unpaid).Accepts.Single();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/v1/models/missing"));
        request.Headers.TryAddWithoutValidation("PAYMENT-SIGNATURE", VoucherHeaders.Build(offer, chain.Domain, channel.Config, 2_500, channel.Payer));

        using var response = await _http.SendAsync(request);

        // No endpoint answers this path: the handler's 404 reaches the caller, and the reservation is voided.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("PAYMENT-RESPONSE"));
        using var operatorApi = new OperatorClient(_server);
        Assert.Equal("0", (await operatorApi.ChannelAsync(channel.Id))!.ChargedCumulative);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
