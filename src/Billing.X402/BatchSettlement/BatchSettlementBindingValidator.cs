using Billing.X402.Formats;
using Billing.X402.Wire;

namespace Billing.X402.BatchSettlement;

/// <summary>
/// Checks that a client's channel is bound to the offer it answers, in the reference facilitator's order: receiver =
/// <c>payTo</c>, receiver authorizer = the offer's, token = <c>asset</c>, withdraw delay = the offer's; and that a
/// deposit uses the offer's transfer method. Addresses compare case-insensitively (checksums are the EVM layer's job).
/// The <c>channelId</c> ↔ config hash check needs EIP-712 and is done by the EVM layer.
/// </summary>
public static class BatchSettlementBindingValidator
{
    public static ValidationResult Validate(
        BatchSettlementPayload payload,
        PaymentRequirements requirements,
        BatchSettlementRequirementsExtra extra)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(extra);

        if (!string.Equals(requirements.Scheme, BatchSettlementScheme.Name, StringComparison.Ordinal))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchScheme, "requirements are not for the batch-settlement scheme");
        }

        var config = payload switch
        {
            DepositPayload p => p.ChannelConfig,
            VoucherPayload p => p.ChannelConfig,
            RefundPayload p => p.ChannelConfig,
            EnrichedRefundPayload p => p.ChannelConfig,
            _ => null,
        };
        if (config is null)
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchPayloadType, "payload carries no channel config to bind");
        }

        var result = ValidateChannel(config, requirements, extra);
        return result.IsValid && payload is DepositPayload deposit
            ? ValidateTransferMethod(deposit, extra)
            : result;
    }

    public static ValidationResult ValidateChannel(
        ChannelConfig config,
        PaymentRequirements requirements,
        BatchSettlementRequirementsExtra extra)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(extra);

        if (!HexString.EqualsIgnoreCase(config.Receiver, requirements.PayTo))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchReceiverMismatch, "channelConfig.receiver differs from payTo");
        }

        if (HexString.IsZeroAddress(extra.ReceiverAuthorizer)
            || !HexString.EqualsIgnoreCase(config.ReceiverAuthorizer, extra.ReceiverAuthorizer))
        {
            return ValidationResult.Invalid(
                X402ErrorReasons.BatchReceiverAuthorizerMismatch, "channelConfig.receiverAuthorizer differs from the offer's");
        }

        if (!HexString.EqualsIgnoreCase(config.Token, requirements.Asset))
        {
            return ValidationResult.Invalid(X402ErrorReasons.BatchTokenMismatch, "channelConfig.token differs from asset");
        }

        if (config.WithdrawDelay != extra.WithdrawDelay)
        {
            return ValidationResult.Invalid(
                X402ErrorReasons.BatchWithdrawDelayMismatch, "channelConfig.withdrawDelay differs from the offer's");
        }

        return config.WithdrawDelay is < BatchSettlementScheme.MinWithdrawDelaySeconds or > BatchSettlementScheme.MaxWithdrawDelaySeconds
            ? ValidationResult.Invalid(X402ErrorReasons.BatchWithdrawDelayOutOfRange, "channelConfig.withdrawDelay is out of range")
            : ValidationResult.Valid;
    }

    private static ValidationResult ValidateTransferMethod(DepositPayload deposit, BatchSettlementRequirementsExtra extra)
    {
        var authorization = deposit.Deposit.Authorization;
        if (string.Equals(extra.AssetTransferMethod, AssetTransferMethods.Permit2, StringComparison.Ordinal))
        {
            return authorization.Permit2Authorization is null
                ? ValidationResult.Invalid(X402ErrorReasons.BatchPermit2AuthorizationRequired, "the offer asks for a Permit2 deposit")
                : ValidationResult.Valid;
        }

        return authorization.Erc3009Authorization is null
            ? ValidationResult.Invalid(X402ErrorReasons.BatchErc3009AuthorizationRequired, "the offer asks for an ERC-3009 deposit")
            : ValidationResult.Valid;
    }
}
