using System.Text.Json;
using Billing.X402.BatchSettlement;

namespace Billing.X402.Tests.BatchSettlement;

public sealed class BatchSettlementPayloadReaderTests
{
    private static JsonElement PayloadOf(string paymentJson) => Samples.Element(paymentJson).GetProperty("payload");

    [Fact]
    public void Client_payload_types_dispatch_to_their_models()
    {
        Assert.IsType<DepositPayload>(BatchSettlementPayloadReader.ReadClientPayload(PayloadOf(Samples.DepositPaymentJson)).Value);
        Assert.IsType<DepositPayload>(BatchSettlementPayloadReader.ReadClientPayload(PayloadOf(Samples.Permit2DepositPaymentJson)).Value);
        Assert.IsType<VoucherPayload>(BatchSettlementPayloadReader.ReadClientPayload(PayloadOf(Samples.VoucherPaymentJson)).Value);
        Assert.IsType<RefundPayload>(BatchSettlementPayloadReader.ReadClientPayload(PayloadOf(Samples.RefundPaymentJson)).Value);
    }

    [Fact]
    public void Type_may_come_after_the_other_fields()
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"type\":\"voucher\",", string.Empty);
        json = Samples.ReplaceOnce(json, "}},\"accepted\"", "},\"type\":\"voucher\"},\"accepted\"");

        Assert.IsType<VoucherPayload>(BatchSettlementPayloadReader.ReadClientPayload(PayloadOf(json)).Value);
    }

    [Theory]
    [InlineData("\"type\":\"voucher\"", "\"type\":\"claim\"")]
    [InlineData("\"type\":\"voucher\"", "\"type\":\"Voucher\"")]
    [InlineData("\"type\":\"voucher\"", "\"type\":\"\"")]
    [InlineData("\"type\":\"voucher\"", "\"type\":1")]
    [InlineData("\"type\":\"voucher\"", "\"type\":null")]
    [InlineData("\"type\":\"voucher\",", "")]
    public void Unknown_or_missing_type_is_the_payload_type_reason(string fragment, string replacement)
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, fragment, replacement);

        var result = BatchSettlementPayloadReader.ReadClientPayload(PayloadOf(json));

        Assert.Equal(X402ErrorReasons.BatchPayloadType, result.Error!.Reason);
    }

    [Fact]
    public void A_client_cannot_send_a_server_authored_settle_type()
    {
        var settle = Samples.Element($$$"""{"type":"settle","receiver":"{{{Samples.Receiver}}}","token":"{{{Samples.Token}}}"}""");

        Assert.Equal(X402ErrorReasons.BatchPayloadType, BatchSettlementPayloadReader.ReadClientPayload(settle).Error!.Reason);
        Assert.IsType<SettlePayload>(BatchSettlementPayloadReader.ReadSettlePayload(settle).Value);
    }

    [Fact]
    public void A_client_refund_is_not_an_enriched_refund()
    {
        var clientRefund = PayloadOf(Samples.RefundPaymentJson);

        var asSettle = BatchSettlementPayloadReader.ReadSettlePayload(clientRefund);

        Assert.Equal(X402ErrorReasons.BatchRefundPayload, asSettle.Error!.Reason);
    }

    [Theory]
    [InlineData("\"channelConfig\":", "\"channelConfigX\":")]
    [InlineData("\"withdrawDelay\":900", "\"withdrawDelay\":\"900\"")]
    [InlineData("\"withdrawDelay\":900", "\"withdrawDelay\":900.5")]
    [InlineData("\"maxClaimableAmount\":\"2000\"", "\"maxClaimableAmount\":2000")]
    [InlineData("\"signature\":\"0x4f", "\"signature\":null,\"x\":\"0x4f")]
    public void Shape_errors_are_invalid_payload(string fragment, string replacement)
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, fragment, replacement);

        Assert.Equal(X402ErrorReasons.InvalidPayload, BatchSettlementPayloadReader.ReadClientPayload(PayloadOf(json)).Error!.Reason);
    }

    [Fact]
    public void Non_object_payload_is_refused()
    {
        Assert.Equal(X402ErrorReasons.InvalidPayload, BatchSettlementPayloadReader.ReadClientPayload(Samples.Element("[1]")).Error!.Reason);
        Assert.Equal(X402ErrorReasons.InvalidPayload, BatchSettlementPayloadReader.ReadSettlePayload(default).Error!.Reason);
    }

    [Fact]
    public void Every_payload_type_round_trips_with_type_written_first()
    {
        foreach (var payload in SettlePayloads.All())
        {
            var element = BatchSettlementPayloadReader.ToJsonElement(payload);
            Assert.Equal("type", element.EnumerateObject().First().Name);

            var read = payload is DepositPayload or VoucherPayload or RefundPayload
                ? BatchSettlementPayloadReader.ReadClientPayload(element).Value
                : BatchSettlementPayloadReader.ReadSettlePayload(element).Value;

            Assert.Equal(payload.GetType(), read.GetType());
            JsonAssert.Equivalent(element.GetRawText(), BatchSettlementPayloadReader.ToJsonElement(read).GetRawText());
        }
    }

    [Fact]
    public void Enriched_refund_and_claim_have_the_reference_field_names()
    {
        var refund = BatchSettlementPayloadReader.ToJsonElement(SettlePayloads.EnrichedRefund());
        var claim = BatchSettlementPayloadReader.ToJsonElement(SettlePayloads.Claim());

        Assert.Equal(
            ["type", "channelConfig", "voucher", "amount", "refundNonce", "claims", "refundAuthorizerSignature", "claimAuthorizerSignature"],
            refund.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["type", "claims", "claimAuthorizerSignature"], claim.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["voucher", "signature", "totalClaimed"],
            claim.GetProperty("claims")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["channel", "maxClaimableAmount"],
            claim.GetProperty("claims")[0].GetProperty("voucher").EnumerateObject().Select(p => p.Name));
    }
}
