namespace Billing.X402.Exact;

/// <summary>
/// The <c>exact</c> scheme's EVM payload (ERC-3009 <c>TransferWithAuthorization</c>). The Permit2 and ERC-7710
/// variants are not modelled: this engine offers <c>exact</c> only with ERC-3009.
/// </summary>
public sealed record ExactEvmPayload
{
    /// <summary>65-byte ECDSA for an EOA payer; longer for a contract wallet (EIP-1271 / EIP-6492).</summary>
    public required string Signature { get; init; }

    public required TransferAuthorization Authorization { get; init; }
}
