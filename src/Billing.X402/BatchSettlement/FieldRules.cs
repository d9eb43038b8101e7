using Billing.X402.Formats;

namespace Billing.X402.BatchSettlement;

/// <summary>Field-level rules and their messages, shared by the batch-settlement validators.</summary>
internal static class FieldRules
{
    public const string AmountNoun = "canonical uint128 decimal string";
    public const string AmountRule = "must be a " + AmountNoun + " (digits only, no sign, no leading zeros)";
    public const string UInt256Rule = "must be a canonical uint256 decimal string";

    /// <summary>
    /// The contract checks a voucher with plain ECDSA when the payer authorizer is set, and with SignatureChecker
    /// (EIP-1271 contract wallets included) when it is the zero address.
    /// </summary>
    public static bool IsVoucherSignatureShaped(string payerAuthorizer, string signature) =>
        HexString.IsZeroAddress(payerAuthorizer)
            ? HexString.IsSignatureBytes(signature)
            : HexString.IsEcdsaSignature(signature);

    public static ValidationResult? OptionalAuthorizerSignature(string? signature, string field) =>
        signature is null || HexString.IsSignatureBytes(signature)
            ? (ValidationResult?)null
            : ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, field + " is not a well-formed signature");

    public static string? Address(string value, string field) =>
        HexString.IsAddress(value) ? null : field + " must be 0x followed by 40 hex digits";

    public static string? NonZeroAddress(string value, string field) =>
        Address(value, field) ?? (HexString.IsZeroAddress(value) ? field + " must not be the zero address" : null);

    public static string? Bytes32(string value, string field) =>
        HexString.IsBytes32(value) ? null : field + " must be 0x followed by 64 hex digits";

    public static string? UInt256(string value, string field) =>
        DecimalString.IsCanonicalUInt256(value) ? null : field + " " + UInt256Rule;
}
