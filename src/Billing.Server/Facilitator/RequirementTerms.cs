using System.Globalization;
using System.Text.Json;
using Billing.X402.Wire;

namespace Billing.Server.Facilitator;

/// <summary>
/// The fields of a batch-settlement offer's <c>extra</c> a facilitator acts on, read leniently: the channel manager of the
/// reference server sends <c>extra: {}</c> with its claims and settles, and <c>withdrawDelay</c> binds only when present,
/// as in the reference facilitator. A text field of another JSON type reads as absent; a <c>withdrawDelay</c> that is
/// not a whole number never matches a channel.
/// </summary>
internal sealed record RequirementTerms(string? ReceiverAuthorizer, long? WithdrawDelay, string? Name, string? Version, string? AssetTransferMethod)
{
    public static RequirementTerms Read(PaymentRequirements requirements)
    {
        if (requirements.Extra is not { ValueKind: JsonValueKind.Object } extra)
        {
            return new RequirementTerms(null, null, null, null, null);
        }

        return new RequirementTerms(
            Text(extra, "receiverAuthorizer"),
            Seconds(extra, "withdrawDelay"),
            Text(extra, "name"),
            Text(extra, "version"),
            Text(extra, "assetTransferMethod"));
    }

    private static string? Text(JsonElement extra, string name) =>
        extra.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The reference compares Number(extra.withdrawDelay), so a numeric string binds too.
    private static long? Seconds(JsonElement extra, string name)
    {
        if (!extra.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var seconds) => seconds,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) => seconds,
            _ => long.MinValue,
        };
    }
}
