using System.Net;
using System.Text;
using System.Text.Json;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.ThinPath;

/// <summary>
/// Bad payments on the thin path: each gets a 4xx with an x402 reason, reaches no handler, charges nothing, and leaves the
/// channel's on-chain balance where it was.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class BadPaymentTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-bad-input-").FullName;
    private readonly HttpClient _http = new();
    private LocalServer _server = null!;
    private OperatorClient _operator = null!;
    private FundedChannel _channel = null!;
    private PaymentRequirements _offer = null!;

    public async Task InitializeAsync()
    {
        _channel = await chain.OpenChannelAsync(deposit: 50_000);
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));
        _operator = new OperatorClient(_server);
        using var unpaid = await _http.GetAsync(Fortune);
        _offer = X402Responses.PaymentRequired(unpaid).Accepts.Single();

        // One good payment first, so "nothing moved" is measured against a channel that has history.
        using var good = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, 1_000, _channel.Payer));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    private Uri Fortune => new(_server.BaseAddress, "/v1/fortune");

    [Fact]
    public async Task A_request_without_payment_gets_a_402_challenge_and_no_content()
    {
        using var response = await _http.GetAsync(Fortune);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // The handler's output (a JSON object with a "fortune" member) never reaches an unpaid caller.
        Assert.DoesNotContain("\"fortune\":", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task Browsers_on_other_origins_may_read_the_x402_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Fortune);
        request.Headers.Add("Origin", "https://agent.example");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("PAYMENT-REQUIRED", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("PAYMENT-RESPONSE", exposed, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("eyJ4NDAyVmVyc2lvbiI6Mn0-_")]
    public async Task A_header_that_is_not_standard_base64_gets_a_400(string header)
    {
        using var response = await SendAsync(header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(await ReasonAsync(response)));
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_header_that_is_base64_but_not_json_gets_a_400()
    {
        using var response = await SendAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("this is { not json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(await ReasonAsync(response)));
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_voucher_signed_by_another_key_is_refused()
    {
        using var stranger = PrivateKey.Generate();

        using var response = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, 2_000, stranger));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_voucher_signature", X402Responses.PaymentRequired(response).Error);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_voucher_that_breaks_the_cumulative_rule_gets_a_corrective_402()
    {
        // Charged is 1,000, so the next voucher must be exactly 2,000.
        using var response = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, 2_500, _channel.Payer));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var required = X402Responses.PaymentRequired(response);
        Assert.Equal("invalid_batch_settlement_evm_cumulative_amount_mismatch", required.Error);
        var extra = BatchSettlementExtra.ReadRequirementsExtra(required.Accepts.Single()).Value;
        Assert.Equal("1000", extra.ChannelState!.ChargedCumulativeAmount);
        Assert.Equal(_channel.Id.ToString(), extra.ChannelState.ChannelId);
        Assert.Equal("1000", extra.VoucherState!.SignedMaxClaimable);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_voucher_above_the_deposit_is_refused()
    {
        using var response = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, 50_001, _channel.Payer));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_cumulative_exceeds_balance", X402Responses.PaymentRequired(response).Error);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_voucher_for_a_channel_that_was_never_funded_is_refused()
    {
        var unknown = _channel.Config with { Salt = LocalChainFixture.RandomSalt() };
        var unknownId = chain.Domain.ChannelId(unknown);

        using var response = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, unknown, 1_000, _channel.Payer));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_channel_not_found", X402Responses.PaymentRequired(response).Error);
        var view = await _operator.ChannelAsync(unknownId);
        Assert.True(view is null || view.ChargedCumulative == "0");
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(unknownId)).Balance);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_voucher_whose_channel_id_does_not_match_its_config_is_refused()
    {
        var otherId = chain.Domain.ChannelId(_channel.Config with { Salt = LocalChainFixture.RandomSalt() });

        using var response = await SendAsync(VoucherHeaders.Build(_offer, chain.Domain, _channel.Config, 2_000, _channel.Payer, otherId));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_channel_id_mismatch", X402Responses.PaymentRequired(response).Error);
        await AssertNothingMovedAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Fortune);
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
        return await _http.SendAsync(request);
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetString();
    }

    /// <summary>What must NOT happen: a charge in the grain, or any change to the channel on chain.</summary>
    private async Task AssertNothingMovedAsync()
    {
        var view = await _operator.ChannelAsync(_channel.Id);
        Assert.Equal("1000", view!.ChargedCumulative);
        var onChain = await chain.Contract.GetChannelAsync(_channel.Id);
        Assert.Equal((UInt128)50_000, onChain.Balance);
        Assert.Equal(UInt128.Zero, onChain.TotalClaimed);
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
