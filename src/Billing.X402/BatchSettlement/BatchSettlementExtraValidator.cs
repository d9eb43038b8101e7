using Billing.X402.Formats;

namespace Billing.X402.BatchSettlement;

/// <summary>
/// Canonical-form checks of the batch-settlement <c>extra</c> objects: the server runs them on its own offers at
/// startup, the agent SDK on what a server sent it.
/// </summary>
public static class BatchSettlementExtraValidator
{
    public static ValidationResult Validate(BatchSettlementRequirementsExtra extra)
    {
        ArgumentNullException.ThrowIfNull(extra);

        if (!HexString.IsAddress(extra.ReceiverAuthorizer) || HexString.IsZeroAddress(extra.ReceiverAuthorizer))
        {
            return ValidationResult.Invalid(
                X402ErrorReasons.InvalidPaymentRequirements, "extra.receiverAuthorizer must be a non-zero address");
        }

        if (extra.WithdrawDelay is < BatchSettlementScheme.MinWithdrawDelaySeconds or > BatchSettlementScheme.MaxWithdrawDelaySeconds)
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchWithdrawDelayOutOfRange, "extra.withdrawDelay is out of range");
        }

        if (string.IsNullOrEmpty(extra.Name) || string.IsNullOrEmpty(extra.Version))
        {
            return ValidationResult.Invalid(
                X402ErrorReasons.BatchMissingEip712Domain, "extra.name and extra.version (the token's EIP-712 domain) are required");
        }

        if (extra.MinDeposit is not null && !DecimalString.IsCanonicalUInt128(extra.MinDeposit))
        {
            return ValidationResult.Invalid(
                X402ErrorReasons.InvalidPaymentRequirements, "extra.minDeposit must be a canonical uint128 decimal string");
        }

        if (extra.AssetTransferMethod is not null && !AssetTransferMethods.IsKnown(extra.AssetTransferMethod))
        {
            return ValidationResult.Invalid(
                X402ErrorReasons.InvalidPaymentRequirements, "extra.assetTransferMethod must be eip3009 or permit2");
        }

        var state = extra.ChannelState is null ? ValidationResult.Valid : Validate(extra.ChannelState);
        return state.IsValid && extra.VoucherState is not null ? Validate(extra.VoucherState) : state;
    }

    public static ValidationResult Validate(BatchSettlementResponseExtra extra)
    {
        ArgumentNullException.ThrowIfNull(extra);

        if (extra.ChargedAmount is not null && !DecimalString.IsCanonicalUInt128(extra.ChargedAmount))
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "extra.chargedAmount must be a canonical uint128 decimal string");
        }

        var state = extra.ChannelState is null ? ValidationResult.Valid : Validate(extra.ChannelState);
        return state.IsValid && extra.VoucherState is not null ? Validate(extra.VoucherState) : state;
    }

    public static ValidationResult Validate(ChannelStateExtra state)
    {
        ArgumentNullException.ThrowIfNull(state);

        if (!HexString.IsBytes32(state.ChannelId))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchChannelIdInvalid, "channelState.channelId must be 0x followed by 64 hex digits");
        }

        var amountsCanonical =
            DecimalString.IsCanonicalUInt128(state.Balance)
            && DecimalString.IsCanonicalUInt128(state.TotalClaimed)
            && DecimalString.IsCanonicalUInt256(state.RefundNonce)
            && (state.ChargedCumulativeAmount is null || DecimalString.IsCanonicalUInt128(state.ChargedCumulativeAmount));
        if (!amountsCanonical)
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "channelState amounts must be canonical decimal strings");
        }

        // withdrawRequestedAt is the contract's uint40 initiatedAt.
        return state.WithdrawRequestedAt is < 0 or > 0xFF_FFFF_FFFFL
            ? ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "channelState.withdrawRequestedAt must be a uint40 number of seconds")
            : ValidationResult.Valid;
    }

    public static ValidationResult Validate(VoucherStateExtra state)
    {
        ArgumentNullException.ThrowIfNull(state);

        if (state.SignedMaxClaimable is not null && !DecimalString.IsCanonicalUInt128(state.SignedMaxClaimable))
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "voucherState.signedMaxClaimable must be a canonical uint128 decimal string");
        }

        return state.Signature is null || HexString.IsSignatureBytes(state.Signature)
            ? ValidationResult.Valid
            : ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "voucherState.signature is not a well-formed signature");
    }
}
