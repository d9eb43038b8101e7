using System.Net;
using System.Numerics;
using Billing.Client.Payments;
using Billing.Client.Tests.Payments;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.X402.Exact;
using Billing.X402.Wire;

namespace Billing.Client.Tests.Exact;

/// <summary>
/// What the agent sends for an <c>exact</c> offer, decoded at the payload level from a scripted payee with the signature
/// checked by Billing.Evm; the server's side of <c>exact</c> is tested against the real server in the integration tests.
/// </summary>
public sealed class ExactPaymentTests : IDisposable
{
    private const ulong Price = 2_500;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PrivateKey _payer = PrivateKey.Generate();

    [Fact]
    public async Task An_exact_offer_is_paid_with_a_transfer_authorization_signed_by_the_payer()
    {
        var offer = TestOffers.Exact(Price);
        var payee = PayeeAcceptingExact(TestOffers.Required(offer));
        using var agent = Agent(payee, TestOffers.Options(perRequest: Price));

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payment = Assert.Single(payee.Payments);
        Assert.True(Billing.X402.Matching.OfferMatcher.Matches(offer, payment.Accepted));
        var payload = ExactPayloadReader.Read(payment.Payload).Value;
        Assert.True(ExactPayloadValidator.Validate(payload).IsValid);
        var authorization = payload.Authorization;
        Assert.Equal(_payer.Address, Address.Parse(authorization.From));
        Assert.Equal(TestOffers.PayTo, Address.Parse(authorization.To));
        Assert.Equal("2500", authorization.Value);
        Assert.Equal((Now.ToUnixTimeSeconds() - 600).ToString(System.Globalization.CultureInfo.InvariantCulture), authorization.ValidAfter);
        Assert.Equal((Now.ToUnixTimeSeconds() + TestOffers.MaxTimeoutSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), authorization.ValidBefore);
        Assert.Equal(_payer.Address, RecoverTransferSigner(payload));
    }

    [Fact]
    public async Task The_signature_does_not_verify_for_any_other_amount_or_recipient()
    {
        var payee = PayeeAcceptingExact(TestOffers.Required(TestOffers.Exact(Price)));
        using var agent = Agent(payee, TestOffers.Options(perRequest: Price));

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        var payload = ExactPayloadReader.Read(Assert.Single(payee.Payments).Payload).Value;
        var inflated = payload with { Authorization = payload.Authorization with { Value = "2501" } };
        var redirected = payload with { Authorization = payload.Authorization with { To = _payer.Address.ToString() } };
        Assert.NotEqual(_payer.Address, RecoverTransferSigner(inflated));
        Assert.NotEqual(_payer.Address, RecoverTransferSigner(redirected));
    }

    [Fact]
    public async Task Every_exact_payment_has_a_fresh_nonce()
    {
        var payee = PayeeAcceptingExact(TestOffers.Required(TestOffers.Exact(Price)));
        using var agent = Agent(payee, TestOffers.Options(perRequest: Price));

        for (var i = 0; i < 3; i++)
        {
            using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var nonces = payee.Payments.Select(p => ExactPayloadReader.Read(p.Payload).Value.Authorization.Nonce).ToList();
        Assert.Equal(3, nonces.Count);
        Assert.Equal(3, nonces.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(nonces, nonce => Assert.True(Hash32.TryParse(nonce, out _)));
    }

    [Fact]
    public async Task A_channel_offer_is_preferred_unless_the_options_prefer_exact()
    {
        var required = TestOffers.Required(TestOffers.Exact(Price), TestOffers.Channel(Price));

        var byDefault = PayeeAcceptingExact(required);
        using (var agent = Agent(byDefault, TestOffers.Options(perRequest: Price)))
        {
            using var _ = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));
        }

        var preferring = PayeeAcceptingExact(required);
        using (var agent = Agent(preferring, TestOffers.Options(perRequest: Price, ExactSchemeUse.Preferred)))
        {
            using var _ = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));
        }

        Assert.Equal("batch-settlement", byDefault.Payments.First().Accepted.Scheme);
        Assert.Equal(ExactScheme.Name, Assert.Single(preferring.Payments).Accepted.Scheme);
    }

    [Fact]
    public async Task Exact_is_never_paid_when_the_options_forbid_it()
    {
        var payee = PayeeAcceptingExact(TestOffers.Required(TestOffers.Exact(Price)));
        using var agent = Agent(payee, TestOffers.Options(perRequest: Price, ExactSchemeUse.Never));

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri("http://payee.test/v1/fortune")));

        Assert.Empty(payee.Payments);
    }

    [Fact]
    public async Task An_exact_price_above_the_per_request_cap_is_declined_before_anything_is_signed()
    {
        var payee = PayeeAcceptingExact(TestOffers.Required(TestOffers.Exact(Price)));
        using var agent = Agent(payee, TestOffers.Options(perRequest: Price - 1));

        var declined = await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri("http://payee.test/v1/fortune")));

        Assert.Contains("per-request cap", declined.Message, StringComparison.Ordinal);
        Assert.Empty(payee.Payments);
    }

    [Fact]
    public async Task An_exact_offer_without_the_token_domain_is_not_paid()
    {
        var payee = PayeeAcceptingExact(TestOffers.Required(TestOffers.Exact(Price, withDomain: false)));
        using var agent = Agent(payee, TestOffers.Options(perRequest: Price));

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri("http://payee.test/v1/fortune")));

        Assert.Empty(payee.Payments);
    }

    [Fact]
    public async Task Exact_payments_count_against_the_daily_cap()
    {
        var payee = PayeeAcceptingExact(TestOffers.Required(TestOffers.Exact(Price)));
        var options = TestOffers.Options(perRequest: Price);
        options.Limits = options.Limits with { PerDay = 2 * Price };
        using var handler = new X402PaymentHandler(_payer, options, time: new FixedClock(Now)) { InnerHandler = payee };
        using var agent = new HttpClient(handler);

        using (await agent.GetAsync(new Uri("http://payee.test/v1/fortune")))
        using (await agent.GetAsync(new Uri("http://payee.test/v1/fortune")))
        {
        }

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri("http://payee.test/v1/fortune")));
        Assert.Equal(2, payee.Payments.Count());
        Assert.Equal((UInt128)(2 * Price), handler.Spent.Day);
    }

    private ScriptedPayee PayeeAcceptingExact(PaymentRequired required) => new(payment =>
        payment is null
            ? ScriptedPayee.Challenge(required)
            : ScriptedPayee.Paid(new SettlementResponse
            {
                Success = true,
                Transaction = "0x" + new string('1', 64),
                Network = TestOffers.Network,
                Payer = _payer.Address.ToLowerHex(),
                Amount = payment.Accepted.Amount,
            }));

    private HttpClient Agent(ScriptedPayee payee, PayerOptions options) =>
        new(new X402PaymentHandler(_payer, options, time: new FixedClock(Now)) { InnerHandler = payee });

    private static Address RecoverTransferSigner(ExactEvmPayload payload)
    {
        var a = payload.Authorization;
        var authorization = new Erc3009Authorization(
            Address.Parse(a.From), Address.Parse(a.To), BigInteger.Parse(a.Value), BigInteger.Parse(a.ValidAfter), BigInteger.Parse(a.ValidBefore), Hash32.Parse(a.Nonce));
        var domain = new Eip712Domain(TestOffers.TokenName, TestOffers.TokenVersion, TestOffers.ChainId, TestOffers.Asset);
        var digest = Erc3009.TransferWithAuthorizationDigest(domain, authorization);
        return Secp256k1.Default.TryRecover(digest.AsSpan(), Hex.Decode(payload.Signature), out var signer) ? signer : Address.Zero;
    }

    public void Dispose() => _payer.Dispose();
}
