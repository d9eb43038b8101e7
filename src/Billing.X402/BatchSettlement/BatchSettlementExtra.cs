using System.Text.Json;
using Billing.X402.Facilitator;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.X402.BatchSettlement;

/// <summary>
/// Typed access to the batch-settlement <c>extra</c> objects, which the wire models keep as raw JSON. Reading ignores
/// fields it does not know (they stay in the raw JSON); writing produces the raw JSON for a model.
/// </summary>
public static class BatchSettlementExtra
{
    private static readonly X402JsonContext Json = X402JsonContext.Default;

    /// <summary>The offer's <c>extra</c>; a missing or malformed one is <c>invalid_payment_requirements</c>.</summary>
    public static X402Result<BatchSettlementRequirementsExtra> ReadRequirementsExtra(PaymentRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        return requirements.Extra is { } extra
            ? StrictJson.Deserialize(extra, Json.BatchSettlementRequirementsExtra, X402ErrorReasons.InvalidPaymentRequirements)
            : X402Result<BatchSettlementRequirementsExtra>.Failure(
                X402ErrorReasons.InvalidPaymentRequirements, "batch-settlement requirements carry no extra");
    }

    /// <summary>A receipt's <c>extra</c>; an absent one reads as empty (the reference client counts that as no charge).</summary>
    public static X402Result<BatchSettlementResponseExtra> ReadResponseExtra(SettlementResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Extra is { } extra
            ? StrictJson.Deserialize(extra, Json.BatchSettlementResponseExtra, X402ErrorReasons.InvalidPayload)
            : new BatchSettlementResponseExtra();
    }

    /// <summary>A facilitator <c>/verify</c> reply's <c>extra</c>: the channel's on-chain state.</summary>
    public static X402Result<ChannelStateExtra> ReadVerifyExtra(VerifyResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Extra is { } extra
            ? StrictJson.Deserialize(extra, Json.ChannelStateExtra, X402ErrorReasons.UnexpectedVerifyError)
            : X402Result<ChannelStateExtra>.Failure(
                X402ErrorReasons.UnexpectedVerifyError, "verify reply carries no channel state");
    }

    public static JsonElement ToJsonElement(BatchSettlementRequirementsExtra extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        return JsonSerializer.SerializeToElement(extra, Json.BatchSettlementRequirementsExtra);
    }

    public static JsonElement ToJsonElement(BatchSettlementResponseExtra extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        return JsonSerializer.SerializeToElement(extra, Json.BatchSettlementResponseExtra);
    }
}
