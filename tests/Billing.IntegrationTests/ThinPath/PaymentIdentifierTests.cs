using System.Net;
using System.Text.Json;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.ThinPath;

/// <summary>
/// The payment-identifier extension: the same payment again gets the stored answer (the route does not run twice, nothing
/// is charged twice), the identifier with another payment gets 409, and a server that requires it refuses a payment
/// without one with 400.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class PaymentIdentifierTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-payment-id-").FullName;
    private readonly HttpClient _http = new();
    private LocalServer _server = null!;
    private FundedChannel _channel = null!;
    private PaymentRequirements _offer = null!;

    public async Task InitializeAsync()
    {
        _channel = await chain.OpenChannelAsync(deposit: 100_000, payerKeyIndex: 5);
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = new Dictionary<string, string?> { ["Payment:RequirePaymentIdentifier"] = "true" },
        });
        using var unpaid = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));
        var required = X402Responses.PaymentRequired(unpaid);
        _offer = required.Accepts.Single();
        Assert.True(required.Extensions!["payment-identifier"].GetProperty("info").GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task The_same_payment_again_gets_the_stored_answer_and_is_charged_once()
    {
        var header = VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, Price, _channel.Payer, paymentId: "pay_" + Guid.NewGuid().ToString("N"));

        using var first = await SendAsync(header);
        using var again = await SendAsync(header);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.GetValues(X402Headers.PaymentResponse).Single(), again.Headers.GetValues(X402Headers.PaymentResponse).Single());
        await AssertChargedAsync("1000");
    }

    [Fact]
    public async Task The_same_identifier_with_another_payment_gets_409_and_moves_nothing()
    {
        var id = "pay_" + Guid.NewGuid().ToString("N");
        using (var first = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, Price, _channel.Payer, paymentId: id)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var conflict = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, 2 * Price, _channel.Payer, paymentId: id));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        using var body = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync());
        Assert.Equal("payment_identifier_conflict", body.RootElement.GetProperty("error").GetString());
        await AssertChargedAsync("1000");
    }

    [Fact]
    public async Task A_payment_without_the_required_identifier_gets_400_and_moves_nothing()
    {
        using var response = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, Price, _channel.Payer));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var operatorApi = new OperatorClient(_server);
        var view = await operatorApi.ChannelAsync(_channel.Id);
        Assert.True(view is null || view.ChargedCumulative == "0");
    }

    private async Task<HttpResponseMessage> SendAsync(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/v1/fortune"));
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
        return await _http.SendAsync(request);
    }

    private async Task AssertChargedAsync(string expected)
    {
        using var operatorApi = new OperatorClient(_server);
        Assert.Equal(expected, (await operatorApi.ChannelAsync(_channel.Id))!.ChargedCumulative);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
