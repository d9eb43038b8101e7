using System.Text;
using Billing.X402.Http;

namespace Billing.X402.Tests.Http;

/// <summary>Every malformed header is refused with a reason, and nothing else escapes.</summary>
public sealed class PaymentHeaderCodecStrictnessTests
{
    private static readonly PaymentHeaderCodec Codec = PaymentHeaderCodec.Default;
    private static readonly string ValidHeader = Samples.Base64(Samples.VoucherPaymentJson);

    [Fact]
    public void Valid_header_decodes_so_the_refusals_below_are_caused_by_the_mutation()
    {
        Assert.True(Codec.DecodePaymentSignature(ValidHeader).IsSuccess);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "empty")]
    public void Missing_or_empty_header_is_invalid_payload(string? header, string messagePart)
    {
        var error = Codec.DecodePaymentSignature(header).Error!;

        Assert.Equal(X402ErrorReasons.InvalidPayload, error.Reason);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_safe_alphabet_is_refused_even_though_lenient_decoders_accept_it()
    {
        // "?>?" encodes to "Pz4/" when it starts on a 3-byte boundary; try the three alignments.
        var standard = Enumerable.Range(0, 3)
            .Select(shift => Samples.Base64(Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"extensions\":{}", "\"extensions\":{\"x\":\"" + new string('a', shift) + "?>?\"}")))
            .First(header => header.Contains('/', StringComparison.Ordinal));
        var urlSafe = standard.Replace('+', '-').Replace('/', '_');

        Assert.True(Codec.DecodePaymentSignature(standard).IsSuccess);
        var error = Codec.DecodePaymentSignature(urlSafe).Error!;
        Assert.Equal(X402ErrorReasons.InvalidPayload, error.Reason);
        Assert.Contains("url-safe", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\t")]
    public void Whitespace_anywhere_is_refused(string whitespace)
    {
        foreach (var position in new[] { 0, 4, ValidHeader.Length / 2, ValidHeader.Length })
        {
            var header = ValidHeader.Insert(position, whitespace);
            var error = Codec.DecodePaymentSignature(header).Error;

            Assert.NotNull(error);
            Assert.Equal(X402ErrorReasons.InvalidPayload, error.Reason);
        }
    }

    [Fact]
    public void Missing_padding_is_refused()
    {
        var padded = Samples.Base64("{\"x402Version\":2}");
        Assert.EndsWith("=", padded, StringComparison.Ordinal);

        var error = Codec.DecodePaymentSignature(padded.TrimEnd('=')).Error!;

        Assert.Contains("multiple of 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eyJ4IjoxfQ===")]
    [InlineData("eyJ4Ijox=fQ==")]
    [InlineData("=eyJ4IjoxfQ==")]
    public void Extra_or_misplaced_padding_is_refused(string header)
    {
        Assert.Equal(X402ErrorReasons.InvalidPayload, Codec.DecodePaymentSignature(header).Error!.Reason);
    }

    [Fact]
    public void Non_zero_padding_bits_are_refused_so_one_payment_has_one_header_value()
    {
        // "{}" is "e30=" canonically; "e31=" decodes to the same bytes in lenient decoders.
        Assert.Equal("{}", Encoding.UTF8.GetString(Convert.FromBase64String("e31=")));

        var error = Codec.DecodePaymentResponse("e31=").Error!;

        Assert.Contains("padding bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_over_the_limit_is_refused_before_decoding_and_the_limit_is_configurable()
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"extensions\":{}", "\"extensions\":{\"pad\":\"" + new string('a', 13_000) + "\"}");
        var header = Samples.Base64(json);
        Assert.True(header.Length > PaymentHeaderCodecOptions.DefaultMaxHeaderLength);

        var error = Codec.DecodePaymentSignature(header).Error!;
        Assert.Equal(X402ErrorReasons.InvalidPayload, error.Reason);
        Assert.Contains("longer than 16384", error.Message, StringComparison.Ordinal);

        var roomy = new PaymentHeaderCodec(new PaymentHeaderCodecOptions { MaxHeaderLength = 32 * 1024 });
        Assert.True(roomy.DecodePaymentSignature(header).IsSuccess);

        var tight = new PaymentHeaderCodec(new PaymentHeaderCodecOptions { MaxHeaderLength = 64 });
        Assert.False(tight.DecodePaymentSignature(ValidHeader).IsSuccess);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_and_the_limit_is_configurable()
    {
        const int Depth = 40;
        var deep = new string('[', Depth) + new string(']', Depth);
        var header = Samples.Base64(Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"extensions\":{}", "\"extensions\":{\"deep\":" + deep + "}"));

        var error = Codec.DecodePaymentSignature(header).Error!;
        Assert.Equal(X402ErrorReasons.InvalidPayload, error.Reason);

        var permissive = new PaymentHeaderCodec(new PaymentHeaderCodecOptions { MaxDepth = 64 });
        Assert.True(permissive.DecodePaymentSignature(header).IsSuccess);
    }

    [Theory]
    [InlineData("\"maxTimeoutSeconds\":3600", "\"maxTimeoutSeconds\":\"3600\"")]
    [InlineData("\"maxTimeoutSeconds\":3600", "\"maxTimeoutSeconds\":3600.5")]
    [InlineData("\"maxTimeoutSeconds\":3600", "\"maxTimeoutSeconds\":99999999999")]
    [InlineData("\"amount\":\"1000\"", "\"amount\":1000")]
    [InlineData("\"amount\":\"1000\"", "\"amount\":null")]
    [InlineData("\"scheme\":\"batch-settlement\"", "\"scheme\":[\"batch-settlement\"]")]
    [InlineData("\"x402Version\":2", "\"x402Version\":\"2\"")]
    [InlineData("\"x402Version\":2", "\"x402Version\":true")]
    [InlineData("\"resource\":{", "\"resource\":[{")]
    public void Wrong_json_types_are_refused_with_the_path(string fragment, string replacement)
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, fragment, replacement);
        if (replacement.StartsWith("\"resource\":[", StringComparison.Ordinal))
        {
            json = Samples.ReplaceOnce(json, "\"mimeType\":\"application/json\"}", "\"mimeType\":\"application/json\"}]");
        }

        var error = Codec.DecodePaymentSignature(Samples.Base64(json)).Error!;

        Assert.Equal(X402ErrorReasons.InvalidPayload, error.Reason);
        Assert.StartsWith("malformed or unexpected JSON at $", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"accepted\":")]
    [InlineData("\"payload\":")]
    [InlineData("\"x402Version\":")]
    [InlineData("\"amount\":")]
    [InlineData("\"payTo\":")]
    [InlineData("\"maxTimeoutSeconds\":")]
    public void Missing_required_fields_are_refused(string property)
    {
        var json = RemoveProperty(Samples.VoucherPaymentJson, property);

        var result = Codec.DecodePaymentSignature(Samples.Base64(json));

        Assert.False(result.IsSuccess);
        Assert.Equal(X402ErrorReasons.InvalidPayload, result.Error!.Reason);
    }

    [Fact]
    public void Optional_fields_may_be_absent()
    {
        var json = RemoveProperty(RemoveProperty(Samples.VoucherPaymentJson, "\"resource\":"), "\"extensions\":");

        var payment = Codec.DecodePaymentSignature(Samples.Base64(json)).Value;

        Assert.Null(payment.Resource);
        Assert.Null(payment.Extensions);
    }

    [Fact]
    public void Duplicate_keys_are_refused_at_every_level()
    {
        var top = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "{\"x402Version\":2,", "{\"x402Version\":2,\"x402Version\":2,");
        var nested = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"amount\":\"1000\"", "\"amount\":\"1000\",\"amount\":\"1\"");
        var insideRawPayload = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"maxClaimableAmount\":\"2000\"", "\"maxClaimableAmount\":\"2000\",\"maxClaimableAmount\":\"9\"");
        var insideExtra = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"minDeposit\":\"10000\"", "\"minDeposit\":\"10000\",\"minDeposit\":\"1\"");

        foreach (var json in new[] { top, nested, insideRawPayload, insideExtra })
        {
            Assert.Equal(X402ErrorReasons.InvalidPayload, Codec.DecodePaymentSignature(Samples.Base64(json)).Error!.Reason);
        }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("{")]
    [InlineData("{\"x402Version\":2,}")]
    [InlineData("{\"x402Version\":2} trailing")]
    [InlineData("{/* comment */\"x402Version\":2}")]
    public void Non_object_or_malformed_json_is_refused(string json)
    {
        Assert.Equal(X402ErrorReasons.InvalidPayload, Codec.DecodePaymentSignature(Samples.Base64(json)).Error!.Reason);
    }

    [Fact]
    public void Invalid_utf8_is_refused_even_inside_raw_json_members()
    {
        var bytes = Encoding.UTF8.GetBytes(Samples.VoucherPaymentJson);
        var index = Array.IndexOf(bytes, (byte)'U'); // inside extra.name "USDC", kept as a raw JsonElement
        bytes[index] = 0xFF;

        var error = Codec.DecodePaymentSignature(Convert.ToBase64String(bytes)).Error!;

        Assert.Equal(X402ErrorReasons.InvalidPayload, error.Reason);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\uD800")]
    [InlineData("\\uDC00")]
    [InlineData("\\uD800x")]
    [InlineData("\\uD800\\u0041")]
    [InlineData("\\uDBFF\\uDBFF")]
    public void Unpaired_surrogate_escapes_are_refused_even_inside_raw_json_members(string escaped)
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"name\":\"USDC\"", "\"name\":\"" + escaped + "\"");

        Assert.Equal(X402ErrorReasons.InvalidPayload, Codec.DecodePaymentSignature(Samples.Base64(json)).Error!.Reason);
    }

    [Theory]
    [InlineData("\\uD83D\\uDE00")]
    [InlineData("\\\\uD800")]
    [InlineData("\\u00e9\\n\\\"")]
    public void Paired_surrogates_and_escaped_backslashes_are_accepted(string escaped)
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"name\":\"USDC\"", "\"name\":\"" + escaped + "\"");

        var payment = Codec.DecodePaymentSignature(Samples.Base64(json)).Value;

        Assert.NotNull(payment.Accepted.Extra!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public void Payload_that_is_not_an_object_is_refused()
    {
        var json = Samples.ReplaceOnce(Samples.ExactPaymentJson, "\"payload\":{", "\"payload\":[{");
        json = Samples.ReplaceOnce(json, "}},\"accepted\"", "}}],\"accepted\"");

        var error = Codec.DecodePaymentSignature(Samples.Base64(json)).Error!;

        Assert.Equal("payload must be a JSON object", error.Message);
    }

    [Fact]
    public void Property_names_are_case_sensitive()
    {
        var json = Samples.ReplaceOnce(Samples.VoucherPaymentJson, "\"accepted\":", "\"Accepted\":");

        Assert.False(Codec.DecodePaymentSignature(Samples.Base64(json)).IsSuccess);
    }

    [Fact]
    public void Payment_required_failures_carry_the_requirements_reason()
    {
        Assert.Equal(X402ErrorReasons.InvalidPaymentRequirements, Codec.DecodePaymentRequired("!!!!").Error!.Reason);
        Assert.Equal(X402ErrorReasons.InvalidPaymentRequirements, Codec.DecodePaymentRequired(Samples.Base64("{}")).Error!.Reason);
    }

    [Fact]
    public void Throwing_accessor_raises_only_the_protocol_exception_with_the_reason()
    {
        var result = Codec.DecodePaymentSignature("not base64!");

        var ex = Assert.Throws<X402ProtocolException>(() => result.Value);
        Assert.Equal(X402ErrorReasons.InvalidPayload, ex.Reason);
    }

    private static string RemoveProperty(string json, string propertyStart)
    {
        var start = json.IndexOf(propertyStart, StringComparison.Ordinal);
        Assert.True(start > 0, propertyStart);
        var index = start + propertyStart.Length;
        var depth = 0;
        var inString = false;
        for (; index < json.Length; index++)
        {
            var c = json[index];
            if (inString)
            {
                inString = c != '"' || json[index - 1] == '\\';
                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                break;
            }
        }

        // Drop the property and one adjacent comma.
        return json[index] == ','
            ? json.Remove(start, index - start + 1)
            : json.Remove(start - 1, index - start + 1);
    }
}
