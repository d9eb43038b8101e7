using System.Net;
using System.Numerics;
using System.Text.Json;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;
using Billing.X402.Facilitator;
using Billing.X402.Json;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>
/// Issue 6: <c>GET /supported</c> and <c>POST /verify</c> of our facilitator, over HTTP against a real chain, with the
/// reference facilitator's reply shapes and reasons. Verification never moves anything on chain.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class VerifyEndpointTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private FacilitatorHost _host = null!;

    public async Task InitializeAsync() => _host = await FacilitatorHost.StartAsync(chain, withToken: true);

    [Fact]
    public async Task Supported_lists_batch_settlement_and_exact_on_this_chain_with_the_signing_and_gas_paying_key()
    {
        var supported = await _host.Caller.SupportedAsync();

        Assert.Equal(["batch-settlement", "exact"], supported.Kinds.Select(k => k.Scheme));
        Assert.All(supported.Kinds, k => Assert.Equal("eip155:31337", k.Network));
        var kind = supported.Kinds[0];
        Assert.Equal(2, kind.X402Version);
        Assert.Equal("batch-settlement", kind.Scheme);
        Assert.Equal("eip155:31337", kind.Network);
        Assert.Equal(_host.Authorizer.ToString(), kind.Extra!.Value.GetProperty("receiverAuthorizer").GetString());
        Assert.Equal([_host.Authorizer.ToString()], supported.Signers["eip155:*"]);
        Assert.Empty(supported.Extensions);
    }

    [Fact]
    public async Task A_voucher_on_a_funded_channel_is_valid_and_the_reply_carries_the_confirmed_channel_state()
    {
        var channel = await chain.OpenChannelAsync(deposit: 50_000);
        var offer = _host.Payments.Offer(chain.Receiver.Address, _host.Authorizer, Price);

        var (status, reply) = await _host.Caller.VerifyAsync(PaymentBuilder.Body(offer, _host.Payments.VoucherPayment(channel.Config, 3_000, channel.Payer)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(reply.IsValid, reply.InvalidReason);
        Assert.Null(reply.InvalidReason);
        Assert.Equal(channel.Payer.Address.ToString(), reply.Payer);
        var state = BatchSettlementExtra.ReadVerifyExtra(reply).Value;
        Assert.Equal(channel.Id.ToString(), state.ChannelId);
        Assert.Equal("50000", state.Balance);
        Assert.Equal("0", state.TotalClaimed);
        Assert.Equal(0, state.WithdrawRequestedAt);
        Assert.Equal("0", state.RefundNonce);
        Assert.Null(state.ChargedCumulativeAmount);

        // The extra is the reference's flat channel state, not wrapped.
        Assert.False(reply.Extra!.Value.TryGetProperty("channelState", out _));
    }

    [Fact]
    public async Task Refused_vouchers_carry_the_reference_reasons()
    {
        var channel = await chain.OpenChannelAsync(deposit: 5_000);
        var payments = _host.Payments;
        var offer = payments.Offer(chain.Receiver.Address, _host.Authorizer, Price);
        using var stranger = PrivateKey.Generate();

        await AssertInvalidAsync("invalid_batch_settlement_evm_voucher_signature", offer, payments.VoucherPayment(channel.Config, 1_000, stranger));
        await AssertInvalidAsync("invalid_batch_settlement_evm_cumulative_exceeds_balance", offer, payments.VoucherPayment(channel.Config, 5_001, channel.Payer));

        // Signatures that recover to the payer but that the contract's ECDSA refuses: v as a recovery id, EIP-2098 compact.
        var genuine = payments.VoucherPayment(channel.Config, 1_000, channel.Payer);
        var bytes = Hex.Decode(genuine.Voucher.Signature);
        var recoveryId = (byte[])[.. bytes[..64], (byte)(bytes[64] - 27)];
        await AssertInvalidAsync("invalid_batch_settlement_evm_voucher_signature", offer, genuine with { Voucher = genuine.Voucher with { Signature = Hex.Encode(recoveryId) } });
        var compact = SignatureEncoding.ToCompact(bytes);
        await AssertInvalidAsync("invalid_batch_settlement_evm_voucher_signature", offer, genuine with { Voucher = genuine.Voucher with { Signature = Hex.Encode(compact) } });

        // A channel nobody deposited into.
        var empty = payments.Channel(channel.Payer, chain.Receiver.Address, _host.Authorizer);
        await AssertInvalidAsync("invalid_batch_settlement_evm_channel_not_found", offer, payments.VoucherPayment(empty, 1_000, channel.Payer));

        // The channel does not belong to this offer.
        var otherPayTo = payments.Offer(PrivateKey.Generate().Address, _host.Authorizer, Price);
        await AssertInvalidAsync("invalid_batch_settlement_evm_receiver_mismatch", otherPayTo, payments.VoucherPayment(channel.Config, 1_000, channel.Payer));
        var otherAuthorizer = payments.Offer(chain.Receiver.Address, PrivateKey.Generate().Address, Price);
        await AssertInvalidAsync("invalid_batch_settlement_evm_receiver_authorizer_mismatch", otherAuthorizer, payments.VoucherPayment(channel.Config, 1_000, channel.Payer));

        // A voucher naming another channel than its config.
        var misnamed = payments.VoucherPayment(channel.Config, 1_000, channel.Payer) with { Voucher = payments.Voucher(empty, 1_000, channel.Payer) };
        await AssertInvalidAsync("invalid_batch_settlement_evm_channel_id_mismatch", offer, misnamed);

        // Offers this facilitator does not settle.
        await AssertInvalidAsync("invalid_network", offer with { Network = "eip155:8453" }, payments.VoucherPayment(channel.Config, 1_000, channel.Payer));
        await AssertInvalidAsync("unsupported_scheme", offer with { Scheme = "upto" }, payments.VoucherPayment(channel.Config, 1_000, channel.Payer));

        Assert.Equal((5_000UL, 0UL), await ChannelAsync(channel.Config));
    }

    [Fact]
    public async Task A_deposit_is_verified_by_simulation_and_nothing_moves()
    {
        var payer = await _host.FundedPayerAsync(20_000);
        var payments = _host.Payments;
        var offer = payments.Offer(chain.Receiver.Address, _host.Authorizer, Price);
        var config = payments.Channel(payer, chain.Receiver.Address, _host.Authorizer);
        var soon = DateTimeOffset.UtcNow.AddMinutes(5);

        var (status, reply) = await _host.Caller.VerifyAsync(PaymentBuilder.Body(offer, payments.Deposit(config, 10_000, Price, payer, soon)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(reply.IsValid, $"{reply.InvalidReason}: {reply.InvalidMessage}");
        Assert.Equal(payer.Address.ToString(), reply.Payer);
        var state = BatchSettlementExtra.ReadVerifyExtra(reply).Value;
        Assert.Equal("0", state.Balance);
        Assert.Equal(chain.Domain.ChannelId(config).ToString(), state.ChannelId);

        // Verification is a simulation: the payer still holds everything and the channel is still empty.
        Assert.Equal(new BigInteger(20_000), await _host.BalanceOfAsync(payer.Address));
        Assert.Equal((0UL, 0UL), await ChannelAsync(config));
    }

    [Fact]
    public async Task Refused_deposits_carry_the_reference_reasons_and_nothing_moves()
    {
        var payer = await _host.FundedPayerAsync(20_000);
        var payments = _host.Payments;
        var offer = payments.Offer(chain.Receiver.Address, _host.Authorizer, Price);
        var config = payments.Channel(payer, chain.Receiver.Address, _host.Authorizer);
        var soon = DateTimeOffset.UtcNow.AddMinutes(5);
        using var stranger = PrivateKey.Generate();

        await AssertInvalidAsync(
            "invalid_batch_settlement_evm_payload_authorization_valid_before", offer, payments.Deposit(config, 10_000, Price, payer, DateTimeOffset.UtcNow.AddSeconds(3)));
        await AssertInvalidAsync(
            "invalid_batch_settlement_evm_receive_authorization_signature", offer, payments.Deposit(config, 10_000, Price, payer, soon, authorizationSigner: stranger));
        await AssertInvalidAsync("invalid_batch_settlement_evm_insufficient_balance", offer, payments.Deposit(config, 20_001, Price, payer, soon));
        await AssertInvalidAsync("invalid_batch_settlement_evm_cumulative_exceeds_balance", offer, payments.Deposit(config, 10_000, 10_001, payer, soon));
        var noDomain = offer with { Extra = JsonDocument.Parse($$"""{"receiverAuthorizer":"{{_host.Authorizer}}","withdrawDelay":900}""").RootElement.Clone() };
        await AssertInvalidAsync("invalid_batch_settlement_evm_missing_eip712_domain", noDomain, payments.Deposit(config, 10_000, Price, payer, soon));

        Assert.Equal(new BigInteger(20_000), await _host.BalanceOfAsync(payer.Address));
        Assert.Equal((0UL, 0UL), await ChannelAsync(config));
    }

    [Fact]
    public async Task A_body_that_is_no_verify_request_is_a_400_with_the_verdict_shape()
    {
        var (status, reply) = await _host.Caller.VerifyAsync("""{"x402Version":2}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(reply.IsValid);
        Assert.Equal("invalid_payload", reply.InvalidReason);
    }

    [Fact]
    public async Task Callers_without_the_token_are_refused_before_any_work_and_nothing_moves()
    {
        var payer = await _host.FundedPayerAsync(20_000);
        var payments = _host.Payments;
        var offer = payments.Offer(chain.Receiver.Address, _host.Authorizer, Price);
        var config = payments.Channel(payer, chain.Receiver.Address, _host.Authorizer);
        var deposit = PaymentBuilder.Body(offer, payments.Deposit(config, 10_000, Price, payer, DateTimeOffset.UtcNow.AddMinutes(5)));
        using var anonymous = new FacilitatorCaller(_host.Server.BaseAddress);
        using var wrongToken = new FacilitatorCaller(_host.Server.BaseAddress, "not-the-token");

        using var verify = await anonymous.PostAsync("/verify", deposit);
        using var settle = await anonymous.PostAsync("/settle", deposit);
        using var forged = await wrongToken.PostAsync("/settle", deposit);

        Assert.Equal(HttpStatusCode.Unauthorized, verify.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, settle.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(new BigInteger(20_000), await _host.BalanceOfAsync(payer.Address));
        Assert.Equal((0UL, 0UL), await ChannelAsync(config));

        // /supported stays public: it shows nothing a 402 does not.
        Assert.Equal(2, (await anonymous.SupportedAsync()).Kinds.Count);
    }

    private async Task AssertInvalidAsync(string reason, Billing.X402.Wire.PaymentRequirements offer, BatchSettlementPayload payload)
    {
        var (status, reply) = await _host.Caller.VerifyAsync(PaymentBuilder.Body(offer, payload));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(reply.IsValid, $"expected {reason}");
        Assert.Equal(reason, reply.InvalidReason);
        Assert.Null(reply.Extra);
    }

    private async Task<(ulong Balance, ulong TotalClaimed)> ChannelAsync(Billing.Evm.BatchSettlement.ChannelConfig config)
    {
        var state = await _host.ChannelAsync(config);
        return ((ulong)state.Balance, (ulong)state.TotalClaimed);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
