using System.Text.Json;
using Billing.X402.Json;

namespace Billing.X402.BatchSettlement;

/// <summary>
/// Reads and writes the <c>payload</c> of a batch-settlement payment. Dispatch is on <c>type</c> by hand rather than
/// through serializer polymorphism: <c>refund</c> means a different shape from a client than from a server, and an
/// unknown type must map to its own x402 reason. Reading checks shape only; canonical forms are checked by
/// <see cref="BatchSettlementPayloadValidator"/>.
/// </summary>
public static class BatchSettlementPayloadReader
{
    private static readonly X402JsonContext Json = X402JsonContext.Default;

    /// <summary>A payload a client sent in <c>PAYMENT-SIGNATURE</c>: deposit, voucher or refund.</summary>
    public static X402Result<BatchSettlementPayload> ReadClientPayload(JsonElement payload)
    {
        if (!ReadType(payload).TryGetValue(out var type, out var error))
        {
            return X402Result<BatchSettlementPayload>.Failure(error);
        }

        return type switch
        {
            PayloadTypes.Deposit => Upcast(StrictJson.Deserialize(payload, Json.DepositPayload, X402ErrorReasons.InvalidPayload)),
            PayloadTypes.Voucher => Upcast(StrictJson.Deserialize(payload, Json.VoucherPayload, X402ErrorReasons.InvalidPayload)),
            PayloadTypes.Refund => Upcast(StrictJson.Deserialize(payload, Json.RefundPayload, X402ErrorReasons.BatchRefundPayload)),
            _ => UnknownType(type, "deposit, voucher or refund"),
        };
    }

    /// <summary>A payload sent to a facilitator's <c>/settle</c>: deposit, claim, settle or an enriched refund.</summary>
    public static X402Result<BatchSettlementPayload> ReadSettlePayload(JsonElement payload)
    {
        if (!ReadType(payload).TryGetValue(out var type, out var error))
        {
            return X402Result<BatchSettlementPayload>.Failure(error);
        }

        return type switch
        {
            PayloadTypes.Deposit => Upcast(StrictJson.Deserialize(payload, Json.DepositPayload, X402ErrorReasons.InvalidPayload)),
            PayloadTypes.Claim => Upcast(StrictJson.Deserialize(payload, Json.ClaimPayload, X402ErrorReasons.InvalidPayload)),
            PayloadTypes.Settle => Upcast(StrictJson.Deserialize(payload, Json.SettlePayload, X402ErrorReasons.InvalidPayload)),
            PayloadTypes.Refund => Upcast(StrictJson.Deserialize(payload, Json.EnrichedRefundPayload, X402ErrorReasons.BatchRefundPayload)),
            _ => UnknownType(type, "deposit, claim, settle or refund"),
        };
    }

    /// <summary>The payload as raw JSON, for <see cref="Wire.PaymentPayload.Payload"/>; <c>type</c> is written first.</summary>
    public static JsonElement ToJsonElement(BatchSettlementPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload switch
        {
            DepositPayload p => JsonSerializer.SerializeToElement(p, Json.DepositPayload),
            VoucherPayload p => JsonSerializer.SerializeToElement(p, Json.VoucherPayload),
            RefundPayload p => JsonSerializer.SerializeToElement(p, Json.RefundPayload),
            ClaimPayload p => JsonSerializer.SerializeToElement(p, Json.ClaimPayload),
            SettlePayload p => JsonSerializer.SerializeToElement(p, Json.SettlePayload),
            EnrichedRefundPayload p => JsonSerializer.SerializeToElement(p, Json.EnrichedRefundPayload),
            _ => throw new ArgumentException($"Unknown payload type {payload.GetType().Name}.", nameof(payload)),
        };
    }

    private static X402Result<string> ReadType(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return X402Result<string>.Failure(X402ErrorReasons.InvalidPayload, "payload must be a JSON object");
        }

        if (!payload.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return X402Result<string>.Failure(X402ErrorReasons.BatchPayloadType, "payload.type is missing or not a string");
        }

        try
        {
            return type.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Only JSON that bypassed StrictJson can hold an unreadable string.
            return X402Result<string>.Failure(X402ErrorReasons.BatchPayloadType, "payload.type is not readable text");
        }
    }

    private static X402Result<BatchSettlementPayload> UnknownType(string type, string expected) =>
        X402Result<BatchSettlementPayload>.Failure(
            X402ErrorReasons.BatchPayloadType,
            $"payload.type must be {expected}; got a {type.Length}-character value");

    private static X402Result<BatchSettlementPayload> Upcast<T>(X402Result<T> result)
        where T : BatchSettlementPayload =>
        result.TryGetValue(out var value, out var error)
            ? X402Result<BatchSettlementPayload>.Success(value)
            : X402Result<BatchSettlementPayload>.Failure(error);
}
