namespace Billing.X402.Http;

/// <summary>HTTP header names of the x402 transport (v2 and the v1 compatibility path).</summary>
public static class X402Headers
{
    /// <summary>v2, server → client on a 402: base64 JSON <c>PaymentRequired</c>.</summary>
    public const string PaymentRequired = "PAYMENT-REQUIRED";

    /// <summary>v2, client → server: base64 JSON <c>PaymentPayload</c>.</summary>
    public const string PaymentSignature = "PAYMENT-SIGNATURE";

    /// <summary>v2, server → client: base64 JSON <c>SettlementResponse</c>. Must be exposed through CORS.</summary>
    public const string PaymentResponse = "PAYMENT-RESPONSE";

    /// <summary>v1, client → server: base64 JSON <c>PaymentPayloadV1</c>.</summary>
    public const string XPayment = "X-PAYMENT";

    /// <summary>v1, server → client: base64 JSON <c>SettlementResponse</c>.</summary>
    public const string XPaymentResponse = "X-PAYMENT-RESPONSE";
}
