using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;

namespace Billing.Server.Facilitator;

/// <summary>
/// Ties a payer's channel to the offer it answers, in the reference facilitator's order: the voucher's channel id is
/// the EIP-712 hash of the config on this chain and contract; then receiver = <c>payTo</c>, receiver authorizer = the
/// offer's (non-zero), token = <c>asset</c>, withdraw delay = the offer's (when it names one) and within the contract's
/// bounds.
/// </summary>
internal sealed class ChannelBinding(BatchSettlementDomain domain)
{
    public X402Result<BoundChannel> Bind(WireChannelConfig wire, SignedVoucher voucher, PaymentRequirements requirements, RequirementTerms terms)
    {
        if (!WireChannels.TryToContract(wire, out var config))
        {
            return new X402Error(X402ErrorReasons.InvalidPayload, "channelConfig has an address with a bad EIP-55 checksum");
        }

        var channelId = domain.ChannelId(config);
        if (!Hash32.TryParse(voucher.ChannelId, out var claimed) || claimed != channelId)
        {
            return new X402Error(X402ErrorReasons.BatchChannelIdMismatch, "voucher.channelId is not the EIP-712 hash of channelConfig");
        }

        if (!Address.TryParse(requirements.PayTo, out var payTo) || config.Receiver != payTo)
        {
            return new X402Error(X402ErrorReasons.BatchReceiverMismatch, "channelConfig.receiver differs from payTo");
        }

        if (!Address.TryParse(terms.ReceiverAuthorizer, out var receiverAuthorizer) || receiverAuthorizer.IsZero || config.ReceiverAuthorizer != receiverAuthorizer)
        {
            return new X402Error(X402ErrorReasons.BatchReceiverAuthorizerMismatch, "channelConfig.receiverAuthorizer differs from the offer's");
        }

        if (!Address.TryParse(requirements.Asset, out var asset) || config.Token != asset)
        {
            return new X402Error(X402ErrorReasons.BatchTokenMismatch, "channelConfig.token differs from asset");
        }

        if (terms.WithdrawDelay is { } delay && delay != wire.WithdrawDelay)
        {
            return new X402Error(X402ErrorReasons.BatchWithdrawDelayMismatch, "channelConfig.withdrawDelay differs from the offer's");
        }

        return wire.WithdrawDelay is < BatchSettlementScheme.MinWithdrawDelaySeconds or > BatchSettlementScheme.MaxWithdrawDelaySeconds
            ? new X402Error(X402ErrorReasons.BatchWithdrawDelayOutOfRange, "channelConfig.withdrawDelay is out of range")
            : new BoundChannel(channelId, config);
    }
}
