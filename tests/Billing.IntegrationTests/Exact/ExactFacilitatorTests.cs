using System.Net;
using System.Numerics;
using System.Text.Json;
using Billing.Evm;
using Billing.IntegrationTests.Facilitator;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Exact;
using Billing.X402.Facilitator;
using Billing.X402.Http;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Exact;

/// <summary>
/// Our facilitator's <c>/verify</c> and <c>/settle</c> for the <c>exact</c> scheme, for another resource server's offer
/// (its own payTo): verification moves nothing, settlement moves the price once, a second settle is refused.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ExactFacilitatorTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 3_000;
    private FacilitatorHost _host = null!;

    public async Task InitializeAsync() => _host = await FacilitatorHost.StartAsync(chain, withToken: true);

    [Fact]
    public async Task Verify_checks_without_moving_and_settle_moves_the_price_once()
    {
        var payer = await _host.FundedPayerAsync(10 * Price);
        var payTo = PrivateKey.Generate().Address;
        var offer = Offer(payTo);
        var transfer = new SignedTransfer { Offer = offer, Payer = payer, ChainId = chain.Deployment.ChainId };
        var body = Body(offer, transfer.Header());

        var (verifyStatus, verdict) = await _host.Caller.VerifyAsync(body);
        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.True(verdict.IsValid, verdict.InvalidReason);
        Assert.Equal(payer.Address.ToString(), verdict.Payer);
        Assert.Equal(BigInteger.Zero, await _host.BalanceOfAsync(payTo));

        var (_, wrongValue) = await _host.Caller.VerifyAsync(Body(offer, (transfer with { Value = Price * 2 }).Header()));
        Assert.Equal("invalid_exact_evm_authorization_value", wrongValue.InvalidReason);

        var (_, settled) = await _host.Caller.SettleAsync(body);
        Assert.True(settled.Success, settled.ErrorReason);
        Assert.Equal(payer.Address.ToString(), settled.Payer);
        var receipt = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(settled.Transaction));
        Assert.True(receipt!.Succeeded);
        Assert.Equal(new BigInteger(Price), await _host.BalanceOfAsync(payTo));

        var (_, again) = await _host.Caller.SettleAsync(body);
        Assert.False(again.Success);
        Assert.Equal("invalid_exact_evm_nonce_already_used", again.ErrorReason);
        Assert.Equal(new BigInteger(Price), await _host.BalanceOfAsync(payTo));
        Assert.Equal(new BigInteger(9 * Price), await _host.BalanceOfAsync(payer.Address));
    }

    [Fact]
    public async Task Offers_without_the_token_domain_or_on_another_chain_are_refused_and_nothing_moves()
    {
        var payer = await _host.FundedPayerAsync(10 * Price);
        var offer = Offer(PrivateKey.Generate().Address);
        var header = new SignedTransfer { Offer = offer, Payer = payer, ChainId = chain.Deployment.ChainId }.Header();

        var (_, noDomain) = await _host.Caller.SettleAsync(Body(offer with { Extra = JsonDocument.Parse("{}").RootElement.Clone() }, header));
        Assert.Equal("invalid_exact_evm_missing_eip712_domain", noDomain.ErrorReason);
        var (_, otherChain) = await _host.Caller.VerifyAsync(Body(offer with { Network = "eip155:8453" }, header));
        Assert.Equal("invalid_exact_evm_network_mismatch", otherChain.InvalidReason);

        Assert.Equal(new BigInteger(10 * Price), await _host.BalanceOfAsync(payer.Address));
    }

    private PaymentRequirements Offer(Address payTo) => new()
    {
        Scheme = ExactScheme.Name,
        Network = _host.Payments.Network,
        Amount = PaymentBuilder.Text(Price),
        Asset = chain.Deployment.Token,
        PayTo = payTo.ToString(),
        MaxTimeoutSeconds = 300,
        Extra = JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["name"] = chain.Deployment.TokenName,
            ["version"] = chain.Deployment.TokenVersion,
        }),
    };

    /// <summary>A facilitator request for <paramref name="requirements"/> carrying the payload of a PAYMENT-SIGNATURE.</summary>
    private static string Body(PaymentRequirements requirements, string paymentHeader)
    {
        var payment = PaymentHeaderCodec.Default.DecodePaymentSignature(paymentHeader).Value;
        return JsonSerializer.Serialize(
            new SettleRequest { X402Version = 2, PaymentPayload = payment with { Accepted = requirements }, PaymentRequirements = requirements },
            X402JsonContext.Default.SettleRequest);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
