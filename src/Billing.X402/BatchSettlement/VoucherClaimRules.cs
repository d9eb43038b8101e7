using Billing.X402.Formats;

namespace Billing.X402.BatchSettlement;

/// <summary>Checks of claim rows, shared by claim batches and enriched refunds.</summary>
internal static class VoucherClaimRules
{
    public static ValidationResult Validate(IReadOnlyList<VoucherClaim> claims)
    {
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            var configResult = BatchSettlementPayloadValidator.ValidateChannelConfig(claim.Voucher.Channel);
            if (!configResult.IsValid)
            {
                return configResult;
            }

            if (!DecimalString.TryParseUInt128(claim.Voucher.MaxClaimableAmount, out var ceiling)
                || !DecimalString.TryParseUInt128(claim.TotalClaimed, out var claimed))
            {
                return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, $"claims[{i}] amounts must be canonical uint128 decimal strings");
            }

            // The contract would revert the whole batch (ClaimExceedsCeiling).
            if (claimed > ceiling)
            {
                return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, $"claims[{i}].totalClaimed exceeds its voucher's maxClaimableAmount");
            }

            if (!FieldRules.IsVoucherSignatureShaped(claim.Voucher.Channel.PayerAuthorizer, claim.Signature))
            {
                return ValidationResult.Invalid(X402ErrorReasons.BatchVoucherSignature, $"claims[{i}].signature is not a well-formed signature");
            }
        }

        return ValidationResult.Valid;
    }
}
