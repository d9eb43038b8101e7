using Billing.X402.Exact;
using Billing.X402.Http;

namespace Billing.X402.Tests.Exact;

public sealed class ExactPayloadTests
{
    private static ExactEvmPayload Sample() =>
        ExactPayloadReader.Read(PaymentHeaderCodec.Default.DecodePaymentSignature(Samples.Base64(Samples.ExactPaymentJson)).Value.Payload).Value;

    [Fact]
    public void Official_client_exact_payload_reads_validates_and_round_trips()
    {
        var payload = Sample();

        Assert.Equal(Samples.Payer, payload.Authorization.From);
        Assert.Equal(Samples.Receiver, payload.Authorization.To);
        Assert.Equal("1000", payload.Authorization.Value);
        Assert.True(ExactPayloadValidator.Validate(payload).IsValid);
        JsonAssert.Equivalent(
            Samples.Element(Samples.ExactPaymentJson).GetProperty("payload").GetRawText(),
            ExactPayloadReader.ToJsonElement(payload).GetRawText());
    }

    [Fact]
    public void Each_field_is_checked_with_the_right_reason()
    {
        var payload = Sample();
        var a = payload.Authorization;

        AssertInvalid(payload with { Authorization = a with { From = "0x0000000000000000000000000000000000000000" } }, X402ErrorReasons.InvalidPayload);
        AssertInvalid(payload with { Authorization = a with { To = "merchant" } }, X402ErrorReasons.InvalidPayload);
        AssertInvalid(payload with { Authorization = a with { Value = "1000.0" } }, X402ErrorReasons.InvalidPayload);
        AssertInvalid(payload with { Authorization = a with { Value = "340282366920938463463374607431768211456" } }, X402ErrorReasons.InvalidPayload);
        AssertInvalid(payload with { Authorization = a with { ValidAfter = "-600" } }, X402ErrorReasons.InvalidPayload);
        AssertInvalid(payload with { Authorization = a with { ValidBefore = "0x10" } }, X402ErrorReasons.InvalidPayload);
        AssertInvalid(payload with { Authorization = a with { Nonce = "1" } }, X402ErrorReasons.InvalidPayload);
        AssertInvalid(payload with { Signature = "0x" + new string('a', 129) }, X402ErrorReasons.ExactEvmPayloadSignature);
    }

    [Fact]
    public void Contract_wallet_signatures_are_accepted()
    {
        var payload = Sample() with { Signature = "0x" + new string('6', 2 * 512) };

        Assert.True(ExactPayloadValidator.Validate(payload).IsValid);
    }

    [Fact]
    public void Missing_authorization_is_a_shape_error()
    {
        var result = ExactPayloadReader.Read(Samples.Element("""{"signature":"0x00"}"""));

        Assert.Equal(X402ErrorReasons.InvalidPayload, result.Error!.Reason);
    }

    private static void AssertInvalid(ExactEvmPayload payload, string reason)
    {
        var result = ExactPayloadValidator.Validate(payload);
        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Error.Reason);
    }
}
