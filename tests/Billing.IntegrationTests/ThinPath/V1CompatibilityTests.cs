using System.Globalization;
using System.Net;
using System.Text.Json;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.ThinPath;

/// <summary>x402 v1 clients: requirements in the 402 body, the payment in X-PAYMENT, the receipt in X-PAYMENT-RESPONSE.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class V1CompatibilityTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-v1-").FullName;
    private readonly HttpClient _http = new();
    private LocalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));

    [Fact]
    public async Task A_v1_client_reads_the_body_pays_in_x_payment_and_gets_x_payment_response()
    {
        var channel = await chain.OpenChannelAsync(deposit: 10_000, payerKeyIndex: 5);
        using var unpaid = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));
        var body = JsonSerializer.Deserialize(await unpaid.Content.ReadAsStringAsync(), X402JsonContext.Default.PaymentRequiredV1)!;
        Assert.Equal(1, body.X402Version);
        Assert.Equal("X-PAYMENT header is required", body.Error);

        // v1 knows only the exact scheme on named networks: the channel offer is in the v2 header alone.
        Assert.Empty(body.Accepts);
        var offer = X402Responses.PaymentRequired(unpaid).Accepts.Single();
        Assert.Equal("batch-settlement", offer.Scheme);

        // The v2 voucher payload, carried the v1 way.
        var v2 = PaymentHeaderCodec.Default.DecodePaymentSignature(VoucherHeaders.Build(offer, chain.Domain, channel.Config, Price, channel.Payer)).Value;
        var v1 = new PaymentPayloadV1 { X402Version = 1, Scheme = offer.Scheme, Network = offer.Network, Payload = v2.Payload };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/v1/fortune"));
        request.Headers.TryAddWithoutValidation(X402Headers.XPayment, PaymentHeaderCodec.Default.EncodeXPayment(v1));

        using var paid = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.False(paid.Headers.Contains(X402Headers.PaymentResponse));
        var receipt = PaymentHeaderCodec.Default.DecodePaymentResponse(paid.Headers.GetValues(X402Headers.XPaymentResponse).Single()).Value;
        var extra = BatchSettlementExtra.ReadResponseExtra(receipt).Value;
        Assert.Equal("1000", extra.ChargedAmount);
        Assert.Equal(Price.ToString(CultureInfo.InvariantCulture), extra.ChannelState!.ChargedCumulativeAmount);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("base-sepolia")]
    public async Task A_v1_payment_for_another_network_is_refused_and_moves_nothing(string network)
    {
        var channel = await chain.OpenChannelAsync(deposit: 10_000, payerKeyIndex: 5);
        using var unpaid = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));
        var v2 = PaymentHeaderCodec.Default.DecodePaymentSignature(
            VoucherHeaders.Build(X402Responses.PaymentRequired(unpaid).Accepts.Single(), chain.Domain, channel.Config, Price, channel.Payer)).Value;
        var v1 = new PaymentPayloadV1 { X402Version = 1, Scheme = "batch-settlement", Network = network, Payload = v2.Payload };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/v1/fortune"));
        request.Headers.TryAddWithoutValidation(X402Headers.XPayment, PaymentHeaderCodec.Default.EncodeXPayment(v1));

        using var refused = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        using var operatorApi = new OperatorClient(_server);
        var view = await operatorApi.ChannelAsync(channel.Id);
        Assert.True(view is null || view.ChargedCumulative == "0");
        Assert.Equal((UInt128)10_000, (await chain.Contract.GetChannelAsync(channel.Id)).Balance);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
