using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Billing.X402.BatchSettlement;
using Billing.X402.Facilitator;
using Billing.X402.Json;

namespace Billing.X402.Tests.Facilitator;

public sealed class FacilitatorModelTests
{
    private static readonly X402JsonContext Json = X402JsonContext.Default;

    [Fact]
    public void Verify_and_settle_requests_round_trip()
    {
        var body = "{\"x402Version\":2,\"paymentPayload\":" + Samples.DepositPaymentJson + ",\"paymentRequirements\":" + Samples.BatchOfferJson + "}";

        var verify = RoundTrip(body, Json.VerifyRequest);
        var settle = RoundTrip(body, Json.SettleRequest);

        Assert.Equal("1000", verify.PaymentRequirements.Amount);
        Assert.Equal(JsonValueKind.Object, settle.PaymentPayload.Payload.ValueKind);
    }

    [Fact]
    public void Verify_response_round_trips_and_exposes_the_channel_state()
    {
        var body = $$$"""{"isValid":true,"payer":"{{{Samples.Payer}}}","extra":{"channelId":"{{{Samples.ChannelId}}}","balance":"10000","totalClaimed":"0","withdrawRequestedAt":0,"refundNonce":"0"}}""";

        var response = RoundTrip(body, Json.VerifyResponse);
        var state = BatchSettlementExtra.ReadVerifyExtra(response).Value;

        Assert.Equal("10000", state.Balance);
        Assert.Null(state.ChargedCumulativeAmount);
        Assert.True(BatchSettlementExtraValidator.Validate(state).IsValid);
    }

    [Fact]
    public void Invalid_verify_response_carries_reason_and_message()
    {
        var response = RoundTrip(
            """{"isValid":false,"invalidReason":"invalid_batch_settlement_evm_channel_not_found","invalidMessage":"no balance"}""",
            Json.VerifyResponse);

        Assert.Equal(X402ErrorReasons.BatchChannelNotFound, response.InvalidReason);
        Assert.Equal(X402ErrorReasons.UnexpectedVerifyError, BatchSettlementExtra.ReadVerifyExtra(response).Error!.Reason);
    }

    [Fact]
    public void Supported_response_round_trips()
    {
        var body = $$$"""{"kinds":[{"x402Version":2,"scheme":"batch-settlement","network":"eip155:84532","extra":{"receiverAuthorizer":"{{{Samples.ReceiverAuthorizer}}}"}},{"x402Version":1,"scheme":"exact","network":"base-sepolia"}],"extensions":["payment-identifier"],"signers":{"eip155:*":["{{{Samples.ReceiverAuthorizer}}}"]}}""";

        var supported = RoundTrip(body, Json.SupportedResponse);

        Assert.Equal(2, supported.Kinds.Count);
        Assert.Equal(Samples.ReceiverAuthorizer, supported.Signers["eip155:*"][0]);
    }

    [Fact]
    public void V1_supported_response_with_only_kinds_reads_with_empty_lists_and_writes_them()
    {
        var supported = StrictJson.Deserialize(
            """{"kinds":[{"x402Version":1,"scheme":"exact","network":"base"}]}"""u8,
            Json.SupportedResponse,
            X402ErrorReasons.InvalidPayload).Value;

        Assert.Empty(supported.Extensions);
        Assert.Empty(supported.Signers);
        Assert.Equal(
            """{"kinds":[{"x402Version":1,"scheme":"exact","network":"base"}],"extensions":[],"signers":{}}""",
            JsonSerializer.Serialize(supported, Json.SupportedResponse));
    }

    [Fact]
    public void Malformed_facilitator_body_is_a_typed_failure()
    {
        var result = StrictJson.Deserialize("""{"isValid":"yes"}"""u8, Json.VerifyResponse, X402ErrorReasons.UnexpectedVerifyError);

        Assert.Equal(X402ErrorReasons.UnexpectedVerifyError, result.Error!.Reason);
        Assert.Contains("$.isValid", result.Error.Message, StringComparison.Ordinal);
    }

    private static T RoundTrip<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var model = StrictJson.Deserialize(Encoding.UTF8.GetBytes(json), typeInfo, X402ErrorReasons.InvalidPayload).Value;
        JsonAssert.Equivalent(json, JsonSerializer.Serialize(model, typeInfo));
        return model;
    }
}
