using Billing.Core.Channels;
using Billing.Evm;
using Billing.Grains.Chain;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Facilitator;
using Billing.X402.Formats;
using SignedVoucher = Billing.X402.BatchSettlement.SignedVoucher;

namespace Billing.Server.Facilitator;

/// <summary>
/// <c>/verify</c> for batch-settlement: checks a deposit, voucher or refund payload against its offer and the chain,
/// and reports the channel's confirmed state. Nothing is sent; a deposit is only simulated.
/// </summary>
internal sealed class PaymentVerifier(ChannelBinding binding, ChannelDeposits deposits, VoucherSignatureCheck vouchers, IChannelChainReader channels)
{
    public Task<VerifyResponse> VerifyAsync(FacilitatorRequest request, CancellationToken cancellationToken) => request.Payload switch
    {
        DepositPayload deposit => VerifyDepositAsync(request, deposit, cancellationToken),
        VoucherPayload voucher => VerifyVoucherAsync(request, voucher.ChannelConfig, voucher.Voucher, isRefund: false, cancellationToken),
        RefundPayload refund => VerifyVoucherAsync(request, refund.ChannelConfig, refund.Voucher, isRefund: true, cancellationToken),
        _ => Task.FromResult(FacilitatorReplies.Invalid(new X402Error(X402ErrorReasons.BatchPayloadType, $"'{request.Payload.Type}' payloads are not verified"))),
    };

    private async Task<VerifyResponse> VerifyDepositAsync(FacilitatorRequest request, DepositPayload payload, CancellationToken cancellationToken)
    {
        var payer = payload.ChannelConfig.Payer;
        if (!binding.Bind(payload.ChannelConfig, payload.Voucher, request.Requirements, request.Terms).TryGetValue(out var channel, out var unbound))
        {
            return FacilitatorReplies.Invalid(unbound, payer);
        }

        if (!DepositTerms.Read(request.Terms).TryGetValue(out var token, out var noDomain))
        {
            return FacilitatorReplies.Invalid(noDomain, payer);
        }

        var verified = await deposits.VerifyAsync(payload, channel.ChannelId, channel.Config, token, cancellationToken);
        return verified.IsValid
            ? FacilitatorReplies.Valid(payer, payload.Voucher.ChannelId, verified.State)
            : FacilitatorReplies.Invalid(new X402Error(verified.Reason!, verified.Message!), payer);
    }

    private async Task<VerifyResponse> VerifyVoucherAsync(
        FacilitatorRequest request, ChannelConfig wire, SignedVoucher voucher, bool isRefund, CancellationToken cancellationToken)
    {
        var payer = wire.Payer;
        if (!binding.Bind(wire, voucher, request.Requirements, request.Terms).TryGetValue(out var channel, out var unbound))
        {
            return FacilitatorReplies.Invalid(unbound, payer);
        }

        // Formats were validated with the payload.
        DecimalString.TryParseUInt128(voucher.MaxClaimableAmount, out var maxClaimable);
        OnChainChannelSnapshot state;
        try
        {
            if (!await vouchers.IsSignedAsync(channel.Config, channel.ChannelId, maxClaimable, Hex.Decode(voucher.Signature), cancellationToken))
            {
                return FacilitatorReplies.Invalid(new X402Error(X402ErrorReasons.BatchVoucherSignature, "the voucher is not signed by the channel's payer"), payer);
            }

            state = await channels.ReadAsync(channel.ChannelId.ToString(), cancellationToken);
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return FacilitatorReplies.Invalid(new X402Error(X402ErrorReasons.BatchRpcReadFailed, "the channel could not be read from the chain"), payer);
        }

        if (state.Balance == UInt128.Zero)
        {
            return FacilitatorReplies.Invalid(new X402Error(X402ErrorReasons.BatchChannelNotFound, "the channel has no confirmed deposit"), payer);
        }

        if (maxClaimable > state.Balance)
        {
            return FacilitatorReplies.Invalid(new X402Error(X402ErrorReasons.BatchCumulativeExceedsBalance, "the voucher exceeds the channel's confirmed balance"), payer);
        }

        // A refund's voucher charges nothing new, so it may equal what was claimed; a payment's must exceed it.
        if (isRefund ? maxClaimable < state.TotalClaimed : maxClaimable <= state.TotalClaimed)
        {
            return FacilitatorReplies.Invalid(new X402Error(X402ErrorReasons.BatchCumulativeBelowClaimed, "the voucher is below what was already claimed"), payer);
        }

        return FacilitatorReplies.Valid(payer, voucher.ChannelId, state);
    }
}
