using Billing.Evm.BatchSettlement;
using Billing.X402;

namespace Billing.Server.Exact;

/// <summary>The outcome of checking an <c>exact</c> payment: the authorization to execute, or the x402 reason it was refused.</summary>
public sealed record ExactVerification
{
    private ExactVerification(Erc3009Authorization? authorization, byte[]? signature, X402Error? error, bool isMalformed)
    {
        Authorization = authorization;
        Signature = signature;
        Error = error;
        IsMalformed = isMalformed;
    }

    public Erc3009Authorization? Authorization { get; }

    /// <summary>The payer's 65-byte ECDSA signature of <see cref="Authorization"/>.</summary>
    public byte[]? Signature { get; }

    public X402Error? Error { get; }

    /// <summary>The payload is not an exact EVM payload in canonical form (HTTP 400), rather than a refused payment.</summary>
    public bool IsMalformed { get; }

    public bool IsValid => Error is null;

    public static ExactVerification Valid(Erc3009Authorization authorization, byte[] signature) => new(authorization, signature, null, false);

    public static ExactVerification Refused(string reason, string message) => new(null, null, new X402Error(reason, message), false);

    public static ExactVerification Malformed(X402Error error) => new(null, null, error, true);
}
