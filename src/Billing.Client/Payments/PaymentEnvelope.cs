using System.Text.Json;
using Billing.X402.Extensions;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.Client.Payments;

/// <summary>
/// Wraps a scheme payload into the <c>PAYMENT-SIGNATURE</c> value: the accepted offer verbatim, the resource, and the
/// 402's extensions echoed back. When the payee declares <c>payment-identifier</c>, every signed payment gets a fresh
/// id, so a retried send is answered from the payee's record instead of being charged twice.
/// </summary>
internal static class PaymentEnvelope
{
    public static string Encode(PaidOffer offer, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var payment = new PaymentPayload
        {
            X402Version = 2,
            Resource = offer.Resource,
            Accepted = offer.Requirements,
            Payload = payload,
            Extensions = EchoExtensions(offer.Extensions),
        };
        return PaymentHeaderCodec.Default.EncodePaymentSignature(payment);
    }

    private static Dictionary<string, JsonElement>? EchoExtensions(IReadOnlyDictionary<string, JsonElement>? declared)
    {
        if (declared is null || declared.Count == 0)
        {
            return null;
        }

        var echoed = new Dictionary<string, JsonElement>(declared, StringComparer.Ordinal);
        if (declared.TryGetValue(PaymentIdentifier.Key, out var raw))
        {
            var required = raw.ValueKind == JsonValueKind.Object
                && raw.TryGetProperty("info"u8, out var info)
                && info.ValueKind == JsonValueKind.Object
                && info.TryGetProperty("required"u8, out var flag)
                && flag.ValueKind == JsonValueKind.True;
            var schema = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("schema"u8, out var s) ? s : (JsonElement?)null;
            echoed[PaymentIdentifier.Key] = PaymentIdentifier.ToJsonElement(new PaymentIdentifierExtension
            {
                Info = new PaymentIdentifierInfo { Required = required, Id = "pay_" + Guid.NewGuid().ToString("N") },
                Schema = schema,
            });
        }

        return echoed;
    }
}
