using Billing.X402.Formats;

namespace Billing.X402.BatchSettlement;

/// <summary>Shape and binding checks of the two deposit authorizations (ERC-3009, Permit2).</summary>
internal static class DepositAuthorizationRules
{
    public static ValidationResult ValidateErc3009(Erc3009DepositAuthorization authorization)
    {
        var problem =
            FieldRules.UInt256(authorization.ValidAfter, "erc3009Authorization.validAfter")
            ?? FieldRules.UInt256(authorization.ValidBefore, "erc3009Authorization.validBefore")
            ?? FieldRules.Bytes32(authorization.Salt, "erc3009Authorization.salt");
        if (problem is not null)
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, problem);
        }

        return HexString.IsSignatureBytes(authorization.Signature)
            ? ValidationResult.Valid
            : ValidationResult.Invalid(
                X402ErrorReasons.BatchReceiveAuthorizationSignature,
                "erc3009Authorization.signature is not a well-formed signature");
    }

    public static ValidationResult ValidatePermit2(Permit2DepositAuthorization authorization, DepositPayload payload)
    {
        var problem =
            FieldRules.NonZeroAddress(authorization.From, "permit2Authorization.from")
            ?? FieldRules.NonZeroAddress(authorization.Permitted.Token, "permit2Authorization.permitted.token")
            ?? FieldRules.Address(authorization.Spender, "permit2Authorization.spender")
            ?? FieldRules.UInt256(authorization.Nonce, "permit2Authorization.nonce")
            ?? FieldRules.UInt256(authorization.Deadline, "permit2Authorization.deadline");
        if (problem is not null)
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, problem);
        }

        if (!HexString.IsBytes32(authorization.Witness.ChannelId))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchChannelIdInvalid, "permit2Authorization.witness.channelId must be 0x followed by 64 hex digits");
        }

        if (!HexString.EqualsIgnoreCase(authorization.Witness.ChannelId, payload.Voucher.ChannelId))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchChannelIdMismatch, "permit2Authorization.witness.channelId differs from voucher.channelId");
        }

        if (!HexString.EqualsIgnoreCase(authorization.Spender, BatchSettlementScheme.Permit2DepositCollectorAddress))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchPermit2InvalidSpender, "permit2Authorization.spender is not the Permit2 deposit collector");
        }

        if (!string.Equals(authorization.Permitted.Amount, payload.Deposit.Amount, StringComparison.Ordinal))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchPermit2AmountMismatch, "permit2Authorization.permitted.amount differs from deposit.amount");
        }

        if (!HexString.EqualsIgnoreCase(authorization.Permitted.Token, payload.ChannelConfig.Token))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchTokenMismatch, "permit2Authorization.permitted.token differs from channelConfig.token");
        }

        return HexString.IsSignatureBytes(authorization.Signature)
            ? ValidationResult.Valid
            : ValidationResult.Invalid(X402ErrorReasons.BatchPermit2InvalidSignature, "permit2Authorization.signature is not a well-formed signature");
    }
}
