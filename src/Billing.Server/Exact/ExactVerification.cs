using Billing.Evm.BatchSettlement;

namespace Billing.Server.Exact;

/// <summary>The outcome of checking an <c>exact</c> payment: the authorization to execute, or the x402 reason it was refused.</summary>
public sealed record ExactVerification
{
    private ExactVerification(Erc3009Authorization? authorization, byte[]? signature, string? reason, string? message)
    {
        Authorization = authorization;
        Signature = signature;
        Reason = reason;
        Message = message;
    }

    public Erc3009Authorization? Authorization { get; }

    /// <summary>The payer's 65-byte ECDSA signature of <see cref="Authorization"/>.</summary>
    public byte[]? Signature { get; }

    public string? Reason { get; }

    public string? Message { get; }

    public bool IsValid => Reason is null;

    public static ExactVerification Valid(Erc3009Authorization authorization, byte[] signature) => new(authorization, signature, null, null);

    public static ExactVerification Refused(string reason, string message) => new(null, null, reason, message);
}
