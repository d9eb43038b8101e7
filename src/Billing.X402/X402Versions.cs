namespace Billing.X402;

/// <summary>The x402 protocol versions this engine speaks on the wire.</summary>
public static class X402Versions
{
    /// <summary>Version 1: requirements in the 402 body, <c>X-PAYMENT</c> and <c>X-PAYMENT-RESPONSE</c> headers, network slugs.</summary>
    public const int V1 = 1;

    /// <summary>Version 2: <c>PAYMENT-REQUIRED</c>, <c>PAYMENT-SIGNATURE</c> and <c>PAYMENT-RESPONSE</c> headers, CAIP-2 networks.</summary>
    public const int V2 = 2;
}
