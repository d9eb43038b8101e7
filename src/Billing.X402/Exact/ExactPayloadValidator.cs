using Billing.X402.Formats;

namespace Billing.X402.Exact;

/// <summary>
/// Canonical-form checks of an <c>exact</c> EVM payload before signature recovery or simulation. The value must fit
/// uint128 because it must equal an offered amount, and every amount this engine offers does.
/// </summary>
public static class ExactPayloadValidator
{
    public static ValidationResult Validate(ExactEvmPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var authorization = payload.Authorization;

        string? problem = null;
        if (!HexString.IsAddress(authorization.From) || HexString.IsZeroAddress(authorization.From))
        {
            problem = "authorization.from must be a non-zero address";
        }
        else if (!HexString.IsAddress(authorization.To))
        {
            problem = "authorization.to must be 0x followed by 40 hex digits";
        }
        else if (!DecimalString.IsCanonicalUInt128(authorization.Value))
        {
            problem = "authorization.value must be a canonical uint128 decimal string";
        }
        else if (!DecimalString.IsCanonicalUInt256(authorization.ValidAfter) || !DecimalString.IsCanonicalUInt256(authorization.ValidBefore))
        {
            problem = "authorization.validAfter and validBefore must be canonical uint256 decimal strings";
        }
        else if (!HexString.IsBytes32(authorization.Nonce))
        {
            problem = "authorization.nonce must be 0x followed by 64 hex digits";
        }

        if (problem is not null)
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, problem);
        }

        // Contract wallets (EIP-1271, EIP-6492) sign with more than 65 bytes.
        return HexString.IsSignatureBytes(payload.Signature)
            ? ValidationResult.Valid
            : ValidationResult.Invalid(X402ErrorReasons.ExactEvmPayloadSignature, "signature is not a well-formed signature");
    }
}
