using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Billing.X402.Http;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.X402.Tests.Wire;

/// <summary>Every v1/v2 model survives JSON → model → JSON and header → model → header without losing a field.</summary>
public sealed class WireModelRoundTripTests
{
    private static readonly X402JsonContext Json = X402JsonContext.Default;

    public static TheoryData<string> PaymentPayloads() =>
    [
        Samples.DepositPaymentJson,
        Samples.Permit2DepositPaymentJson,
        Samples.VoucherPaymentJson,
        Samples.RefundPaymentJson,
        Samples.ExactPaymentJson,
    ];

    [Theory]
    [MemberData(nameof(PaymentPayloads))]
    public void Payment_payload_round_trips_through_json_and_header(string json)
    {
        RoundTrip(json, Json.PaymentPayload);

        var codec = PaymentHeaderCodec.Default;
        var decoded = codec.DecodePaymentSignature(Samples.Base64(json)).Value;
        var reencoded = codec.EncodePaymentSignature(decoded);
        JsonAssert.Equivalent(json, Encoding.UTF8.GetString(Convert.FromBase64String(reencoded)));
    }

    [Fact]
    public void Payment_required_round_trips_including_extensions()
    {
        RoundTrip(Samples.PaymentRequiredJson, Json.PaymentRequired);

        var codec = PaymentHeaderCodec.Default;
        var decoded = codec.DecodePaymentRequired(Samples.Base64(Samples.PaymentRequiredJson)).Value;
        Assert.Equal(2, decoded.Accepts.Count);
        Assert.True(decoded.Extensions!.ContainsKey("payment-identifier"));
        JsonAssert.Equivalent(Samples.PaymentRequiredJson, Encoding.UTF8.GetString(Convert.FromBase64String(codec.EncodePaymentRequired(decoded))));
    }

    [Fact]
    public void Settlement_response_round_trips_with_empty_transaction_and_amount()
    {
        var response = RoundTrip(Samples.VoucherReceiptJson, Json.SettlementResponse);

        Assert.True(response.Success);
        Assert.Equal(string.Empty, response.Transaction);
        Assert.Equal(string.Empty, response.Amount);

        var codec = PaymentHeaderCodec.Default;
        var header = codec.EncodePaymentResponse(response);
        JsonAssert.Equivalent(Samples.VoucherReceiptJson, Encoding.UTF8.GetString(Convert.FromBase64String(header)));
        Assert.Equal(header, codec.EncodePaymentResponse(codec.DecodePaymentResponse(header).Value));
    }

    [Fact]
    public void Failed_settlement_response_round_trips_with_reason_and_message()
    {
        const string Failed =
            """{"success":false,"errorReason":"settlement_pending","errorMessage":"receipt not observed","transaction":"0xabc1","network":"eip155:8453","extensions":{"k":{"info":1}}}""";

        var response = RoundTrip(Failed, Json.SettlementResponse);

        Assert.Equal(X402ErrorReasons.SettlementPending, response.ErrorReason);
        Assert.Null(response.Payer);
    }

    [Fact]
    public void V1_models_round_trip()
    {
        const string RequiredV1 =
            """{"x402Version":1,"error":"X-PAYMENT header is required","accepts":[{"scheme":"exact","network":"base-sepolia","maxAmountRequired":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","resource":"https://inference.example/v1","description":"Chat","mimeType":"application/json","outputSchema":{"type":"object","properties":{"id":{"type":"string"}}},"maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}]}""";

        var required = RoundTrip(RequiredV1, Json.PaymentRequiredV1);
        var payment = RoundTrip(Samples.XPaymentJson, Json.PaymentPayloadV1);

        Assert.Equal("1000", required.Accepts[0].MaxAmountRequired);
        Assert.Equal(JsonValueKind.Object, required.Accepts[0].OutputSchema!.Value.ValueKind);
        Assert.Equal("base-sepolia", payment.Network);

        var header = PaymentHeaderCodec.Default.EncodeXPayment(payment);
        Assert.Equal(header, PaymentHeaderCodec.Default.EncodeXPayment(PaymentHeaderCodec.Default.DecodeXPayment(header).Value));
    }

    [Fact]
    public void Unknown_fields_in_extra_survive_a_round_trip()
    {
        var json = Samples.ReplaceOnce(Samples.BatchOfferJson, "\"minDeposit\":\"10000\"", "\"minDeposit\":\"10000\",\"futureField\":{\"nested\":[1,2.50,\"x\"]}");

        var offer = RoundTrip(json, Json.PaymentRequirements);

        Assert.Equal("x", offer.Extra!.Value.GetProperty("futureField").GetProperty("nested")[2].GetString());
    }

    [Fact]
    public void Nulls_are_omitted_when_writing()
    {
        var offer = new PaymentRequirements
        {
            Scheme = "exact", Network = "eip155:8453", Amount = "1", Asset = Samples.Token, PayTo = Samples.Receiver, MaxTimeoutSeconds = 60,
        };
        var required = new PaymentRequired
        {
            X402Version = 2, Resource = new ResourceInfo { Url = "https://x.example/" }, Accepts = [offer],
        };

        var text = JsonSerializer.Serialize(required, Json.PaymentRequired);

        Assert.Equal(
            """{"x402Version":2,"resource":{"url":"https://x.example/"},"accepts":[{"scheme":"exact","network":"eip155:8453","amount":"1","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":60}]}""",
            text);
        Assert.DoesNotContain("null", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_encoding_is_standard_padded_base64_of_utf8_json()
    {
        var response = new SettlementResponse { Success = true, Transaction = "", Network = "eip155:8453", Payer = "é" };

        var header = PaymentHeaderCodec.Default.EncodePaymentResponse(response);

        Assert.Equal(0, header.Length % 4);
        Assert.Equal(
            """{"success":true,"payer":"\u00E9","transaction":"","network":"eip155:8453"}""",
            Encoding.UTF8.GetString(Convert.FromBase64String(header)));
    }

    private static T RoundTrip<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var model = StrictJson.Deserialize(Encoding.UTF8.GetBytes(json), typeInfo, X402ErrorReasons.InvalidPayload).Value;
        var written = JsonSerializer.Serialize(model, typeInfo);
        JsonAssert.Equivalent(json, written);

        // Writing is deterministic: a second pass gives the same bytes.
        var again = StrictJson.Deserialize(Encoding.UTF8.GetBytes(written), typeInfo, X402ErrorReasons.InvalidPayload).Value;
        Assert.Equal(written, JsonSerializer.Serialize(again, typeInfo));
        return model;
    }
}
