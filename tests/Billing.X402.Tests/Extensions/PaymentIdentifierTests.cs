using System.Text.Json;
using Billing.X402.Extensions;
using Billing.X402.Http;

namespace Billing.X402.Tests.Extensions;

public sealed class PaymentIdentifierTests
{
    [Theory]
    [InlineData("pay_0123456789ab", true)]
    [InlineData("pay_7f9c2ba4-e88f-4a1e-9d3c-2b7a61f0c9de", true)]
    [InlineData("ABCDEFGHIJKLMNOP", true)]
    [InlineData("pay_0123456789a", false)] // 15 characters
    [InlineData("pay 0123456789ab", false)]
    [InlineData("pay.0123456789ab", false)]
    [InlineData("pay_0123456789abé", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Id_rules(string? id, bool expected) => Assert.Equal(expected, PaymentIdentifier.IsValidId(id));

    [Fact]
    public void Id_length_bounds_are_inclusive()
    {
        Assert.True(PaymentIdentifier.IsValidId(new string('a', 128)));
        Assert.False(PaymentIdentifier.IsValidId(new string('a', 129)));
    }

    [Fact]
    public void Declaration_has_info_and_a_schema_of_info()
    {
        var element = PaymentIdentifier.ToJsonElement(PaymentIdentifier.Declare(required: true));

        Assert.True(element.GetProperty("info").GetProperty("required").GetBoolean());
        Assert.False(element.GetProperty("info").TryGetProperty("id", out _));
        var schema = element.GetProperty("schema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(16, schema.GetProperty("properties").GetProperty("id").GetProperty("minLength").GetInt32());
    }

    [Fact]
    public void Echoed_id_is_read_from_a_decoded_payment()
    {
        var json = Samples.ReplaceOnce(
            Samples.VoucherPaymentJson,
            "\"extensions\":{}",
            "\"extensions\":{\"payment-identifier\":{\"info\":{\"required\":true,\"id\":\"pay_7f9c2ba4e88f4a1e\"},\"schema\":{\"type\":\"object\"}}}");
        var payment = PaymentHeaderCodec.Default.DecodePaymentSignature(Samples.Base64(json)).Value;

        Assert.Equal("pay_7f9c2ba4e88f4a1e", PaymentIdentifier.ReadId(payment.Extensions, required: true).Value);
    }

    [Fact]
    public void Missing_id_is_fine_unless_required()
    {
        var declaredOnly = Extensions("""{"info":{"required":false}}""");

        Assert.Null(PaymentIdentifier.ReadId(null, required: false).Value);
        Assert.Null(PaymentIdentifier.ReadId(declaredOnly, required: false).Value);
        Assert.Equal(X402ErrorReasons.InvalidPayload, PaymentIdentifier.ReadId(null, required: true).Error!.Reason);
        Assert.Equal(X402ErrorReasons.InvalidPayload, PaymentIdentifier.ReadId(declaredOnly, required: true).Error!.Reason);
    }

    [Fact]
    public void Malformed_id_or_extension_is_refused_even_when_optional()
    {
        Assert.False(PaymentIdentifier.ReadId(Extensions("""{"info":{"required":false,"id":"short"}}"""), required: false).IsSuccess);
        Assert.False(PaymentIdentifier.ReadId(Extensions("""{"info":{"required":false,"id":42}}"""), required: false).IsSuccess);
        Assert.False(PaymentIdentifier.ReadId(Extensions("""{"info":"pay_0123456789abcdef"}"""), required: false).IsSuccess);
        Assert.False(PaymentIdentifier.ReadId(Extensions("\"pay_0123456789abcdef\""), required: false).IsSuccess);
    }

    private static Dictionary<string, JsonElement> Extensions(string value) =>
        new() { [PaymentIdentifier.Key] = Samples.Element(value) };
}
