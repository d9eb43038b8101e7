using Billing.X402.Formats;

namespace Billing.X402.BatchSettlement;

/// <summary>
/// Canonical-form checks of a decoded batch-settlement payload, before any state, signature or chain work: hex and
/// decimal shapes, contract bounds that need no state (withdraw delay, non-zero deposit, claim ≤ ceiling), and the
/// rules that tie parts of one payload together. Pure and allocation-free on success. The first problem found wins.
/// </summary>
/// <remarks>
/// Signatures: a voucher from a non-zero payer authorizer is checked on chain with plain ECDSA, so it must be ECDSA
/// shaped; everything the contract checks with <c>SignatureChecker</c> (vouchers of a zero payer authorizer, ERC-3009
/// and Permit2 deposits, authorizer signatures) may be a contract-wallet signature of any length.
/// </remarks>
public static class BatchSettlementPayloadValidator
{
    public static ValidationResult Validate(BatchSettlementPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload switch
        {
            DepositPayload p => ValidateDeposit(p),
            VoucherPayload p => ValidateVoucherFields(p.ChannelConfig, p.Voucher),
            RefundPayload p => ValidateRefund(p),
            ClaimPayload p => ValidateClaim(p),
            SettlePayload p => ValidateSettle(p),
            EnrichedRefundPayload p => ValidateEnrichedRefund(p),
            _ => ValidationResult.Invalid(X402ErrorReasons.BatchPayloadType, "unknown batch-settlement payload"),
        };
    }

    public static ValidationResult ValidateChannelConfig(ChannelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        // The contract refuses a channel whose payer, receiver, receiver authorizer or token is zero (InvalidChannel).
        var problem =
            FieldRules.NonZeroAddress(config.Payer, "channelConfig.payer")
            ?? FieldRules.Address(config.PayerAuthorizer, "channelConfig.payerAuthorizer")
            ?? FieldRules.NonZeroAddress(config.Receiver, "channelConfig.receiver")
            ?? FieldRules.NonZeroAddress(config.ReceiverAuthorizer, "channelConfig.receiverAuthorizer")
            ?? FieldRules.NonZeroAddress(config.Token, "channelConfig.token")
            ?? FieldRules.Bytes32(config.Salt, "channelConfig.salt");
        if (problem is not null)
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, problem);
        }

        return config.WithdrawDelay is < BatchSettlementScheme.MinWithdrawDelaySeconds or > BatchSettlementScheme.MaxWithdrawDelaySeconds
            ? ValidationResult.Invalid(
                X402ErrorReasons.BatchWithdrawDelayOutOfRange,
                $"channelConfig.withdrawDelay must be within [{BatchSettlementScheme.MinWithdrawDelaySeconds}, {BatchSettlementScheme.MaxWithdrawDelaySeconds}] seconds")
            : ValidationResult.Valid;
    }

    private static ValidationResult ValidateVoucherFields(ChannelConfig config, SignedVoucher voucher)
    {
        var configResult = ValidateChannelConfig(config);
        if (!configResult.IsValid)
        {
            return configResult;
        }

        if (!HexString.IsBytes32(voucher.ChannelId))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchChannelIdInvalid, "voucher.channelId must be 0x followed by 64 hex digits");
        }

        if (!DecimalString.IsCanonicalUInt128(voucher.MaxClaimableAmount))
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "voucher.maxClaimableAmount " + FieldRules.AmountRule);
        }

        return FieldRules.IsVoucherSignatureShaped(config.PayerAuthorizer, voucher.Signature)
            ? ValidationResult.Valid
            : ValidationResult.Invalid(X402ErrorReasons.BatchVoucherSignature, "voucher.signature is not a well-formed signature");
    }

    private static ValidationResult ValidateDeposit(DepositPayload payload)
    {
        var voucherResult = ValidateVoucherFields(payload.ChannelConfig, payload.Voucher);
        if (!voucherResult.IsValid)
        {
            return voucherResult;
        }

        if (!DecimalString.TryParseUInt128(payload.Deposit.Amount, out var amount) || amount == UInt128.Zero)
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "deposit.amount must be a positive " + FieldRules.AmountNoun);
        }

        return payload.Deposit.Authorization switch
        {
            { Erc3009Authorization: { } erc3009, Permit2Authorization: null } => DepositAuthorizationRules.ValidateErc3009(erc3009),
            { Erc3009Authorization: null, Permit2Authorization: { } permit2 } => DepositAuthorizationRules.ValidatePermit2(permit2, payload),
            _ => ValidationResult.Invalid(
                X402ErrorReasons.InvalidPayload,
                "deposit.authorization must hold exactly one of erc3009Authorization and permit2Authorization"),
        };
    }

    private static ValidationResult ValidateRefund(RefundPayload payload)
    {
        var voucherResult = ValidateVoucherFields(payload.ChannelConfig, payload.Voucher);
        if (!voucherResult.IsValid || payload.Amount is null)
        {
            return voucherResult;
        }

        return ValidateRefundAmount(payload.Amount);
    }

    private static ValidationResult ValidateEnrichedRefund(EnrichedRefundPayload payload)
    {
        var result = ValidateVoucherFields(payload.ChannelConfig, payload.Voucher);
        if (!result.IsValid)
        {
            return result;
        }

        result = ValidateRefundAmount(payload.Amount);
        if (!result.IsValid)
        {
            return result;
        }

        if (!DecimalString.IsCanonicalUInt256(payload.RefundNonce))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchRefundPayload, "refundNonce " + FieldRules.UInt256Rule);
        }

        // Claims may be empty here: a refund of a channel with nothing charged needs none.
        result = VoucherClaimRules.Validate(payload.Claims);
        if (!result.IsValid)
        {
            return result;
        }

        return FieldRules.OptionalAuthorizerSignature(payload.RefundAuthorizerSignature, "refundAuthorizerSignature")
            ?? FieldRules.OptionalAuthorizerSignature(payload.ClaimAuthorizerSignature, "claimAuthorizerSignature")
            ?? ValidationResult.Valid;
    }

    private static ValidationResult ValidateRefundAmount(string amount)
    {
        if (!DecimalString.TryParseUInt128(amount, out var value))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchRefundPayload, "amount " + FieldRules.AmountRule);
        }

        // The contract refuses a zero refund (ZeroRefund).
        return value == UInt128.Zero
            ? ValidationResult.Invalid(X402ErrorReasons.BatchRefundAmountInvalid, "refund amount must be positive")
            : ValidationResult.Valid;
    }

    private static ValidationResult ValidateClaim(ClaimPayload payload)
    {
        // The contract refuses an empty batch (EmptyBatch).
        if (payload.Claims.Count == 0)
        {
            return ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, "claims must not be empty");
        }

        return VoucherClaimRules.Validate(payload.Claims) is { IsValid: false } invalid
            ? invalid
            : FieldRules.OptionalAuthorizerSignature(payload.ClaimAuthorizerSignature, "claimAuthorizerSignature") ?? ValidationResult.Valid;
    }

    private static ValidationResult ValidateSettle(SettlePayload payload)
    {
        var problem = FieldRules.NonZeroAddress(payload.Receiver, "receiver") ?? FieldRules.NonZeroAddress(payload.Token, "token");
        return problem is null ? ValidationResult.Valid : ValidationResult.Invalid(X402ErrorReasons.InvalidPayload, problem);
    }
}
