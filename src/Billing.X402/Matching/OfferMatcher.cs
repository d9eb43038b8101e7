using System.Text.Json;
using Billing.X402.Wire;

namespace Billing.X402.Matching;

/// <summary>
/// Finds which offered requirement a payment answers. v2: the core fields of <c>accepted</c> (scheme, network, amount,
/// asset, payTo, maxTimeoutSeconds) equal the offer's exactly (ordinal: the client echoes verbatim), and every key of
/// the offer's <c>extra</c> is present in the echoed <c>extra</c> with a deeply equal value; the client may add keys.
/// v1: scheme and network only. Match against the normal offers, never a corrective 402's, so a client that retries
/// from the original 402 still matches.
/// </summary>
public static class OfferMatcher
{
    public static PaymentRequirements? FindMatch(IReadOnlyList<PaymentRequirements> offers, PaymentRequirements accepted)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(accepted);
        for (var i = 0; i < offers.Count; i++)
        {
            if (Matches(offers[i], accepted))
            {
                return offers[i];
            }
        }

        return null;
    }

    public static bool Matches(PaymentRequirements offer, PaymentRequirements accepted)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(accepted);
        return offer.MaxTimeoutSeconds == accepted.MaxTimeoutSeconds
            && string.Equals(offer.Scheme, accepted.Scheme, StringComparison.Ordinal)
            && string.Equals(offer.Network, accepted.Network, StringComparison.Ordinal)
            && string.Equals(offer.Amount, accepted.Amount, StringComparison.Ordinal)
            && string.Equals(offer.Asset, accepted.Asset, StringComparison.Ordinal)
            && string.Equals(offer.PayTo, accepted.PayTo, StringComparison.Ordinal)
            && ExtraContains(offer.Extra, accepted.Extra);
    }

    public static PaymentRequirementsV1? FindMatch(IReadOnlyList<PaymentRequirementsV1> offers, PaymentPayloadV1 payment)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(payment);
        for (var i = 0; i < offers.Count; i++)
        {
            if (string.Equals(offers[i].Scheme, payment.Scheme, StringComparison.Ordinal)
                && string.Equals(offers[i].Network, payment.Network, StringComparison.Ordinal))
            {
                return offers[i];
            }
        }

        return null;
    }

    private static bool ExtraContains(JsonElement? offered, JsonElement? echoed)
    {
        if (offered is not { } expected)
        {
            return true;
        }

        if (expected.ValueKind != JsonValueKind.Object)
        {
            return echoed is { } other && JsonEquality.AreEqual(expected, other);
        }

        if (echoed is not { ValueKind: JsonValueKind.Object } actual)
        {
            return false;
        }

        foreach (var property in expected.EnumerateObject())
        {
            if (!actual.TryGetProperty(property.Name, out var value) || !JsonEquality.AreEqual(property.Value, value))
            {
                return false;
            }
        }

        return true;
    }
}
