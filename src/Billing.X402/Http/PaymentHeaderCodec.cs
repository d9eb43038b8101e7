using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.X402.Http;

/// <summary>
/// Encodes x402 messages as header values (standard base64 of UTF-8 JSON) and decodes untrusted header values back.
/// Decoding checks the length before touching the text, validates the base64 strictly
/// (<see cref="StrictBase64"/>), decodes into a stack or pooled buffer and deserializes from that span: one pass,
/// no intermediate string. Every failure is an <see cref="X402Result{T}"/> with an x402 reason; no exception escapes.
/// Instances are immutable and thread-safe.
/// </summary>
public sealed class PaymentHeaderCodec
{
    /// <summary>Decoded payloads up to this size are decoded on the stack; larger ones into a pooled array.</summary>
    private const int StackBufferBytes = 1024;

    private readonly X402JsonContext _json;
    private readonly int _maxHeaderLength;

    public PaymentHeaderCodec(PaymentHeaderCodecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxHeaderLength, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1);
        _maxHeaderLength = options.MaxHeaderLength;
        _json = options.MaxDepth == X402JsonContext.DefaultMaxDepth
            ? X402JsonContext.Default
            : new X402JsonContext(new JsonSerializerOptions(X402JsonContext.Default.Options) { MaxDepth = options.MaxDepth });
    }

    public static PaymentHeaderCodec Default { get; } = new(PaymentHeaderCodecOptions.Default);

    /// <summary>The serializer metadata this codec decodes with (carries its depth limit).</summary>
    public X402JsonContext Json => _json;

    public string EncodePaymentRequired(PaymentRequired value) => Encode(value, _json.PaymentRequired);

    public string EncodePaymentSignature(PaymentPayload value) => Encode(value, _json.PaymentPayload);

    /// <summary>Encodes a <c>PAYMENT-RESPONSE</c> or <c>X-PAYMENT-RESPONSE</c> value.</summary>
    public string EncodePaymentResponse(SettlementResponse value) => Encode(value, _json.SettlementResponse);

    public string EncodeXPayment(PaymentPayloadV1 value) => Encode(value, _json.PaymentPayloadV1);

    /// <summary>A <c>PAYMENT-SIGNATURE</c> value: a v2 payload whose <c>payload</c> is a JSON object.</summary>
    public X402Result<PaymentPayload> DecodePaymentSignature(string? header)
    {
        var decoded = Decode(header, _json.PaymentPayload, X402ErrorReasons.InvalidPayload);
        if (!decoded.TryGetValue(out var payment, out _))
        {
            return decoded;
        }

        if (payment.X402Version != X402Versions.V2)
        {
            return UnexpectedVersion<PaymentPayload>(payment.X402Version, X402Versions.V2, X402Headers.PaymentSignature);
        }

        return payment.Payload.ValueKind == JsonValueKind.Object
            ? decoded
            : X402Result<PaymentPayload>.Failure(X402ErrorReasons.InvalidPayload, "payload must be a JSON object");
    }

    /// <summary>An <c>X-PAYMENT</c> value: a v1 payload.</summary>
    public X402Result<PaymentPayloadV1> DecodeXPayment(string? header)
    {
        var decoded = Decode(header, _json.PaymentPayloadV1, X402ErrorReasons.InvalidPayload);
        if (!decoded.TryGetValue(out var payment, out _))
        {
            return decoded;
        }

        if (payment.X402Version != X402Versions.V1)
        {
            return UnexpectedVersion<PaymentPayloadV1>(payment.X402Version, X402Versions.V1, X402Headers.XPayment);
        }

        return payment.Payload.ValueKind == JsonValueKind.Object
            ? decoded
            : X402Result<PaymentPayloadV1>.Failure(X402ErrorReasons.InvalidPayload, "payload must be a JSON object");
    }

    /// <summary>A <c>PAYMENT-REQUIRED</c> value (the agent side).</summary>
    public X402Result<PaymentRequired> DecodePaymentRequired(string? header)
    {
        var decoded = Decode(header, _json.PaymentRequired, X402ErrorReasons.InvalidPaymentRequirements);
        if (!decoded.TryGetValue(out var required, out _))
        {
            return decoded;
        }

        return required.X402Version == X402Versions.V2
            ? decoded
            : UnexpectedVersion<PaymentRequired>(required.X402Version, X402Versions.V2, X402Headers.PaymentRequired);
    }

    /// <summary>A <c>PAYMENT-RESPONSE</c> or <c>X-PAYMENT-RESPONSE</c> value (the agent side).</summary>
    public X402Result<SettlementResponse> DecodePaymentResponse(string? header) =>
        Decode(header, _json.SettlementResponse, X402ErrorReasons.InvalidPayload);

    /// <summary>Encodes any x402 model as a header value.</summary>
    public static string Encode<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }

    /// <summary>Decodes any x402 model from a header value; failures carry <paramref name="failureReason"/>.</summary>
    public X402Result<T> Decode<T>(ReadOnlySpan<char> header, JsonTypeInfo<T> typeInfo, string failureReason)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentException.ThrowIfNullOrEmpty(failureReason);
        if (header.Length > _maxHeaderLength)
        {
            return X402Result<T>.Failure(failureReason, $"header is longer than {_maxHeaderLength} characters");
        }

        if (!StrictBase64.TryGetDecodedLength(header, out var length, out var problem))
        {
            return X402Result<T>.Failure(failureReason, problem!);
        }

        byte[]? rented = null;
        var buffer = length <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            if (!StrictBase64.TryDecode(header, buffer, out var written) || written != length)
            {
                return X402Result<T>.Failure(failureReason, "header is not valid base64");
            }

            // JsonElement members copy what they keep, so nothing refers to the buffer once this returns.
            return StrictJson.Deserialize(buffer[..written], typeInfo, failureReason);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private X402Result<T> Decode<T>(string? header, JsonTypeInfo<T> typeInfo, string failureReason)
        where T : class =>
        header is null
            ? X402Result<T>.Failure(failureReason, "header is missing")
            : Decode(header.AsSpan(), typeInfo, failureReason);

    private static X402Result<T> UnexpectedVersion<T>(int actual, int expected, string headerName) =>
        X402Result<T>.Failure(
            X402ErrorReasons.InvalidX402Version,
            $"{headerName} carries x402Version {actual}; expected {expected}");
}
