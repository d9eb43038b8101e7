using Billing.X402;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.Server.Payments;

/// <summary>
/// The payment a request carries: a v2 PAYMENT-SIGNATURE, or a v1 X-PAYMENT (the same payloads, answered in
/// X-PAYMENT-RESPONSE). <see cref="Value"/> is empty when the request carries none.
/// </summary>
internal readonly record struct PaymentHeader(string Value, string ReceiptHeader)
{
    public bool IsMissing => Value.Length == 0;

    public static PaymentHeader Read(HttpRequest request)
    {
        var v2 = request.Headers[X402Headers.PaymentSignature].ToString();
        if (v2.Length == 0 && request.Headers[X402Headers.XPayment].ToString() is { Length: > 0 } v1)
        {
            return new PaymentHeader(v1, X402Headers.XPaymentResponse);
        }

        return new PaymentHeader(v2, X402Headers.PaymentResponse);
    }

    /// <summary>
    /// Decodes a v2 payment, or a v1 payment lifted into the v2 shape: v1 names no accepted offer, so it is matched on
    /// scheme and network (a v1 network name read as its CAIP-2 id) and stands for <paramref name="offered"/>.
    /// </summary>
    public bool TryDecode(PaymentRequirements offered, out PaymentPayload payment, out X402Error error)
    {
        if (ReceiptHeader == X402Headers.PaymentResponse)
        {
            return PaymentHeaderCodec.Default.DecodePaymentSignature(Value).TryGetValue(out payment!, out error!);
        }

        payment = null!;
        if (!PaymentHeaderCodec.Default.DecodeXPayment(Value).TryGetValue(out var v1, out error!))
        {
            return false;
        }

        // v1 names networks (base-sepolia); offers and matching use CAIP-2 (eip155:84532).
        var network = V1Networks.ToCaip2(v1.Network);
        var accepted = v1.Scheme == offered.Scheme && network == offered.Network
            ? offered
            : offered with { Scheme = v1.Scheme, Network = network };
        payment = new PaymentPayload { X402Version = 1, Accepted = accepted, Payload = v1.Payload };
        return true;
    }
}
