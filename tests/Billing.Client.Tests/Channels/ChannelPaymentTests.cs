using System.Globalization;
using System.Net;
using System.Numerics;
using Billing.Client.Channels;
using Billing.Client.Payments;
using Billing.Client.Tests.Payments;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.Client.Tests.Channels;

/// <summary>
/// The batch-settlement payer against payees that misbehave or answer in ways the real server rarely does. The honest
/// paths (deposit, top-up, refund, concurrency) run against the real server in Billing.IntegrationTests/Agent.
/// </summary>
public sealed class ChannelPaymentTests : IDisposable
{
    private const ulong Price = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PrivateKey _payer = PrivateKey.Generate();
    private readonly InMemoryPayerChannelStore _store = new();
    private readonly BatchSettlementDomain _domain = new(TestOffers.ChainId, Address.Parse(BatchSettlementScheme.SettlementContractAddress));

    private Hash32 ChannelId => _domain.ChannelId(new EvmChannelConfig(
        _payer.Address, _payer.Address, TestOffers.PayTo, TestOffers.ReceiverAuthorizer, TestOffers.Asset, 900, Hash32.Zero));

    [Fact]
    public async Task A_channel_the_payee_does_not_know_is_opened_with_a_signed_erc3009_deposit()
    {
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price, minDeposit: 10_000)))
            : Read(payment) switch
            {
                VoucherPayload => ScriptedPayee.Challenge(TestOffers.Required(X402ErrorReasons.BatchChannelNotFound, TestOffers.Channel(Price, 10_000))),
                DepositPayload deposit => Receipt(charged: Price, balance: ulong.Parse(deposit.Deposit.Amount, CultureInfo.InvariantCulture)),
                _ => new HttpResponseMessage(HttpStatusCode.BadRequest),
            });
        var options = TestOffers.Options(perRequest: Price);
        options.MaxDeposit = 20_000;
        using var agent = Agent(payee, options);

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deposit = Assert.IsType<DepositPayload>(Read(payee.Payments.Last()));
        Assert.Equal("10000", deposit.Deposit.Amount);
        Assert.Equal(ChannelId.ToString(), deposit.Voucher.ChannelId);
        Assert.Equal("1000", deposit.Voucher.MaxClaimableAmount);
        var erc3009 = deposit.Deposit.Authorization.Erc3009Authorization!;
        Assert.Equal("0", erc3009.ValidAfter);
        Assert.Equal((Now.ToUnixTimeSeconds() + TestOffers.MaxTimeoutSeconds).ToString(CultureInfo.InvariantCulture), erc3009.ValidBefore);

        // What the collector will ask the token to check: ReceiveWithAuthorization to the collector, nonce keccak(channelId, salt).
        var salt = new BigInteger(Hex.Decode(erc3009.Salt), isUnsigned: true, isBigEndian: true);
        var receive = new Erc3009Authorization(_payer.Address, TestOffers.Collector, 10_000, 0, BigInteger.Parse(erc3009.ValidBefore, CultureInfo.InvariantCulture), Erc3009.DepositNonce(ChannelId, salt));
        var tokenDomain = new Eip712Domain(TestOffers.TokenName, TestOffers.TokenVersion, TestOffers.ChainId, TestOffers.Asset);
        Assert.True(Secp256k1.Default.TryRecover(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, receive).AsSpan(), Hex.Decode(erc3009.Signature), out var signer));
        Assert.Equal(_payer.Address, signer);

        Assert.Equal(new PayerChannel(Price, Price, 10_000), await _store.GetAsync(ChannelId, CancellationToken.None));
    }

    [Fact]
    public async Task A_known_channel_short_of_escrow_is_topped_up_in_the_same_request()
    {
        await _store.SetAsync(ChannelId, new PayerChannel(9_500, 9_500, 10_000), CancellationToken.None);
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price)))
            : Receipt(charged: 10_500, balance: 15_000));
        using var agent = Agent(payee);

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        var deposit = Assert.IsType<DepositPayload>(Read(Assert.Single(payee.Payments)));
        Assert.Equal("10500", deposit.Voucher.MaxClaimableAmount);
        Assert.Equal("5000", deposit.Deposit.Amount);
        Assert.Equal(new PayerChannel(10_500, 10_500, 15_000), await _store.GetAsync(ChannelId, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_deposit_cap_a_payee_minimum_beyond_the_multiplier_times_the_per_request_cap_is_declined()
    {
        // The default cap is 5,000: a payee that refuses deposits below 100,000 gets none, and nothing is sent.
        await _store.SetAsync(ChannelId, new PayerChannel(0, 0, 0), CancellationToken.None);
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price, minDeposit: 100_000)))
            : Receipt(charged: Price, balance: 5_000));
        using var agent = Agent(payee);

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri("http://payee.test/v1/fortune")));

        Assert.Empty(payee.Payments);
    }

    [Fact]
    public async Task A_deposit_beyond_the_cap_is_declined_and_nothing_is_sent()
    {
        await _store.SetAsync(ChannelId, new PayerChannel(0, 0, 0), CancellationToken.None);
        var payee = new ScriptedPayee(payment => ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price))));
        var options = TestOffers.Options(perRequest: Price);
        options.MaxDeposit = Price - 1;
        using var agent = Agent(payee, options);

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri("http://payee.test/v1/fortune")));

        Assert.Empty(payee.Payments);
    }

    [Fact]
    public async Task An_honest_correction_is_adopted_once_and_the_voucher_signed_on_top_of_it()
    {
        var serverVoucher = Secp256k1.Default.Sign(_domain.VoucherDigest(ChannelId, 7_000).AsSpan(), _payer);
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price)))
            : Read(payment) is VoucherPayload { Voucher.MaxClaimableAmount: "7000" or "8000" } v && v.Voucher.MaxClaimableAmount == "8000"
                ? Receipt(charged: 8_000, balance: 50_000)
                : Correction(charged: 7_000, signedMax: 7_000, serverVoucher));
        using var agent = Agent(payee);

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1000", "8000"], payee.Payments.Select(p => ((VoucherPayload)Read(p)).Voucher.MaxClaimableAmount));
        Assert.Equal(new PayerChannel(8_000, 8_000, 50_000), await _store.GetAsync(ChannelId, CancellationToken.None));
    }

    [Fact]
    public async Task A_correction_backed_by_someone_elses_signature_is_never_adopted()
    {
        using var stranger = PrivateKey.Generate();
        var forged = Secp256k1.Default.Sign(_domain.VoucherDigest(ChannelId, 50_000).AsSpan(), stranger);
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price)))
            : Correction(charged: 50_000, signedMax: 50_000, forged));
        using var agent = Agent(payee);

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var voucher = Assert.IsType<VoucherPayload>(Read(Assert.Single(payee.Payments)));
        Assert.Equal("1000", voucher.Voucher.MaxClaimableAmount);
        Assert.Null(await _store.GetAsync(ChannelId, CancellationToken.None));
    }

    [Fact]
    public async Task A_correction_above_the_voucher_it_shows_is_never_adopted()
    {
        var signed = Secp256k1.Default.Sign(_domain.VoucherDigest(ChannelId, 3_000).AsSpan(), _payer);
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price)))
            : Correction(charged: 9_000, signedMax: 3_000, signed));
        using var agent = Agent(payee);

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Single(payee.Payments);
    }

    [Fact]
    public async Task A_receipt_claiming_more_than_was_signed_is_not_believed()
    {
        await _store.SetAsync(ChannelId, new PayerChannel(2_000, 2_000, 10_000), CancellationToken.None);
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Channel(Price)))
            : Receipt(charged: 3_001, balance: 10_000));
        using var agent = Agent(payee);

        using var response = await agent.GetAsync(new Uri("http://payee.test/v1/fortune"));

        Assert.Equal("3000", ((VoucherPayload)Read(Assert.Single(payee.Payments))).Voucher.MaxClaimableAmount);
        Assert.Null(await _store.GetAsync(ChannelId, CancellationToken.None));
    }

    private HttpClient Agent(ScriptedPayee payee, PayerOptions? options = null) =>
        new(new X402PaymentHandler(_payer, options ?? TestOffers.Options(perRequest: Price), _store, time: new FixedClock(Now)) { InnerHandler = payee });

    private static BatchSettlementPayload Read(PaymentPayload payment) =>
        BatchSettlementPayloadReader.ReadClientPayload(payment.Payload).Value;

    private HttpResponseMessage Receipt(ulong charged, ulong balance) => ScriptedPayee.Paid(new SettlementResponse
    {
        Success = true,
        Transaction = "",
        Network = TestOffers.Network,
        Amount = "",
        Extra = BatchSettlementExtra.ToJsonElement(new BatchSettlementResponseExtra
        {
            ChargedAmount = Price.ToString(CultureInfo.InvariantCulture),
            ChannelState = State(charged, balance),
        }),
    });

    private HttpResponseMessage Correction(ulong charged, ulong signedMax, byte[] signature) =>
        ScriptedPayee.Challenge(TestOffers.Required(
            X402ErrorReasons.BatchCumulativeAmountMismatch,
            TestOffers.Channel(Price, extra: TestOffers.ChannelExtra() with
            {
                ChannelState = State(charged, 50_000),
                VoucherState = new VoucherStateExtra { SignedMaxClaimable = signedMax.ToString(CultureInfo.InvariantCulture), Signature = Hex.Encode(signature) },
            })));

    private ChannelStateExtra State(ulong charged, ulong balance) => new()
    {
        ChannelId = ChannelId.ToString(),
        Balance = balance.ToString(CultureInfo.InvariantCulture),
        TotalClaimed = "0",
        WithdrawRequestedAt = 0,
        RefundNonce = "0",
        ChargedCumulativeAmount = charged.ToString(CultureInfo.InvariantCulture),
    };

    public void Dispose() => _payer.Dispose();
}
