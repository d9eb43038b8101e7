using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Matching;
using Billing.X402.Wire;

namespace Billing.X402.Tests.Http;

/// <summary>Decoding PAYMENT-SIGNATURE values as the official client sends them, through to a validated payload.</summary>
public sealed class PaymentSignatureDecodeTests
{
    private static readonly PaymentHeaderCodec Codec = PaymentHeaderCodec.Default;

    [Fact]
    public void Official_client_deposit_decodes_reads_validates_and_matches_the_offer()
    {
        var payment = Codec.DecodePaymentSignature(Samples.Base64(Samples.DepositPaymentJson)).Value;

        Assert.Equal(X402Versions.V2, payment.X402Version);
        Assert.Equal("https://inference.example/v1/chat/completions", payment.Resource!.Url);
        Assert.Equal("batch-settlement", payment.Accepted.Scheme);
        Assert.Equal(3600, payment.Accepted.MaxTimeoutSeconds);
        Assert.True(Caip2.TryParseEip155(payment.Accepted.Network, out var chainId));
        Assert.Equal(84532UL, chainId);
        Assert.NotNull(payment.Extensions);
        Assert.Empty(payment.Extensions);

        var deposit = Assert.IsType<DepositPayload>(BatchSettlementPayloadReader.ReadClientPayload(payment.Payload).Value);
        Assert.Equal(Samples.Payer, deposit.ChannelConfig.Payer);
        Assert.Equal(900, deposit.ChannelConfig.WithdrawDelay);
        Assert.Equal(Samples.ChannelId, deposit.Voucher.ChannelId);
        Assert.Equal("1000", deposit.Voucher.MaxClaimableAmount);
        Assert.Equal("10000", deposit.Deposit.Amount);
        Assert.Null(deposit.Deposit.Authorization.Permit2Authorization);
        var erc3009 = deposit.Deposit.Authorization.Erc3009Authorization!;
        Assert.Equal("0", erc3009.ValidAfter);
        Assert.Equal(Samples.DepositSalt, erc3009.Salt);
        Assert.True(BatchSettlementPayloadValidator.Validate(deposit).IsValid);

        var offer = Codec.DecodePaymentRequired(Samples.Base64(Samples.PaymentRequiredJson)).Value.Accepts[0];
        Assert.Same(offer, OfferMatcher.FindMatch([offer], payment.Accepted));

        var extra = BatchSettlementExtra.ReadRequirementsExtra(offer).Value;
        Assert.True(BatchSettlementExtraValidator.Validate(extra).IsValid);
        Assert.True(BatchSettlementBindingValidator.Validate(deposit, offer, extra).IsValid);
    }

    [Fact]
    public void Voucher_and_refund_payloads_read_as_their_own_types()
    {
        var voucher = Codec.DecodePaymentSignature(Samples.Base64(Samples.VoucherPaymentJson)).Value;
        var refund = Codec.DecodePaymentSignature(Samples.Base64(Samples.RefundPaymentJson)).Value;

        var voucherPayload = Assert.IsType<VoucherPayload>(BatchSettlementPayloadReader.ReadClientPayload(voucher.Payload).Value);
        var refundPayload = Assert.IsType<RefundPayload>(BatchSettlementPayloadReader.ReadClientPayload(refund.Payload).Value);

        Assert.Equal("2000", voucherPayload.Voucher.MaxClaimableAmount);
        Assert.Equal("5000", refundPayload.Amount);
        Assert.True(BatchSettlementPayloadValidator.Validate(voucherPayload).IsValid);
        Assert.True(BatchSettlementPayloadValidator.Validate(refundPayload).IsValid);
    }

    [Fact]
    public void Decoded_payload_stays_valid_after_the_pooled_buffer_is_reused()
    {
        // Large enough to take the pooled path; a second decode reuses the same pooled array.
        var padded = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"extensions\":{}", "\"extensions\":{\"pad\":{\"info\":\"" + new string('x', 3000) + "\"}}");
        var first = Codec.DecodePaymentSignature(Samples.Base64(padded)).Value;
        _ = Codec.DecodePaymentSignature(Samples.Base64(Samples.DepositPaymentJson.Replace("1000", "7777", StringComparison.Ordinal))).Value;

        var voucher = Assert.IsType<VoucherPayload>(BatchSettlementPayloadReader.ReadClientPayload(first.Payload).Value);
        Assert.Equal("2000", voucher.Voucher.MaxClaimableAmount);
        Assert.Equal(3000, first.Extensions!["pad"].GetProperty("info").GetString()!.Length);
    }

    [Fact]
    public void X_payment_v1_decodes_and_matches_on_scheme_and_network()
    {
        var payment = Codec.DecodeXPayment(Samples.Base64(Samples.XPaymentJson)).Value;
        var offers = new[]
        {
            new PaymentRequirementsV1
            {
                Scheme = "exact", Network = "base", MaxAmountRequired = "1000", Asset = Samples.Token, PayTo = Samples.Receiver,
                Resource = "https://inference.example/v1", Description = "mainnet", MaxTimeoutSeconds = 60,
            },
            new PaymentRequirementsV1
            {
                Scheme = "exact", Network = "base-sepolia", MaxAmountRequired = "1000", Asset = Samples.Token, PayTo = Samples.Receiver,
                Resource = "https://inference.example/v1", Description = "testnet", MaxTimeoutSeconds = 60,
            },
        };

        Assert.Equal(X402Versions.V1, payment.X402Version);
        Assert.Same(offers[1], OfferMatcher.FindMatch(offers, payment));
        Assert.Null(OfferMatcher.FindMatch(offers[..1], payment));
    }

    [Fact]
    public void Version_one_payload_in_payment_signature_is_refused_with_the_version_reason()
    {
        var result = Codec.DecodePaymentSignature(Samples.Base64(Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"x402Version\":2", "\"x402Version\":1")));

        Assert.False(result.IsSuccess);
        Assert.Equal(X402ErrorReasons.InvalidX402Version, result.Error!.Reason);
    }

    [Fact]
    public void Version_two_payload_in_x_payment_is_refused_with_the_version_reason()
    {
        var result = Codec.DecodeXPayment(Samples.Base64(Samples.ReplaceOnce(Samples.XPaymentJson, "\"x402Version\":1", "\"x402Version\":2")));

        Assert.Equal(X402ErrorReasons.InvalidX402Version, result.Error!.Reason);
    }
}
