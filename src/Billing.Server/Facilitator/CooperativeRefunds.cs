using System.Globalization;
using Billing.Core.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Grains.Chain;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Billing.X402.Wire;

namespace Billing.Server.Facilitator;

/// <summary>
/// <c>/settle</c> with a server-enriched <c>refund</c>: one transaction that first claims what the server charged
/// (<c>claimWithSignature</c>) and then refunds (<c>refundWithSignature</c>), batched by the contract's multicall so a
/// refund can never land without the claims that protect the receiver's earnings. Missing receiver-authorizer signatures
/// are made here, under the rules of <see cref="ReceiverAuthorizerSignatures"/>; the contract caps the refund at what
/// is left after the claims.
/// </summary>
internal sealed class CooperativeRefunds(
    BatchSettlementDomain domain,
    IChannelChainReader channels,
    VoucherClaims claims,
    ReceiverAuthorizerSignatures signatures,
    ContractSubmission submission)
{
    public async Task<SettlementResponse> RefundAsync(FacilitatorRequest request, EnrichedRefundPayload payload, CancellationToken cancellationToken)
    {
        var network = request.Network;
        var payer = payload.ChannelConfig.Payer;
        if (!WireChannels.TryToContract(payload.ChannelConfig, out var config) || !WireChannels.TryToContract(payload.Claims, out var rows))
        {
            return FacilitatorReplies.Failed(network, new X402Error(X402ErrorReasons.BatchRefundPayload, "an address has a bad EIP-55 checksum"), payer: payer);
        }

        var channelId = domain.ChannelId(config);
        if (!Hash32.TryParse(payload.Voucher.ChannelId, out var claimed) || claimed != channelId)
        {
            return FacilitatorReplies.Failed(network, new X402Error(X402ErrorReasons.BatchChannelIdMismatch, "voucher.channelId is not the EIP-712 hash of channelConfig"), payer: payer);
        }

        // Formats were validated with the payload.
        DecimalString.TryParseUInt128(payload.Amount, out var amount);
        DecimalString.TryParseUInt256(payload.RefundNonce, out var nonce);
        OnChainChannelSnapshot before;
        try
        {
            before = await channels.ReadAsync(channelId.ToString(), cancellationToken);
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return FacilitatorReplies.Failed(network, new X402Error(X402ErrorReasons.BatchRpcReadFailed, "the channel could not be read"), payer: payer);
        }

        var claimedAfter = rows.Where(r => domain.ChannelId(r.Channel) == channelId).Select(r => r.TotalClaimed).Append(before.TotalClaimed).Max();
        if (claimedAfter >= before.Balance)
        {
            return FacilitatorReplies.Failed(network, new X402Error(X402ErrorReasons.BatchRefundNoBalance, "nothing is left to refund after the claims"), payer: payer);
        }

        byte[] refundAuthorization;
        if (payload.RefundAuthorizerSignature is { } supplied)
        {
            refundAuthorization = Hex.Decode(supplied);
        }
        else if (signatures.RefusalFor([config.ReceiverAuthorizer]) is { } refused)
        {
            return FacilitatorReplies.Failed(network, refused, payer: payer);
        }
        else
        {
            refundAuthorization = signatures.SignRefund(channelId, nonce, amount);
        }

        var refund = BatchSettlementContract.EncodeRefundWithSignature(config, amount, nonce, refundAuthorization);
        var call = refund;
        if (rows.Count > 0)
        {
            if (!claims.TryAuthorize(payload.ClaimAuthorizerSignature, rows, out var claimAuthorization, out var refusal))
            {
                return FacilitatorReplies.Failed(network, refusal, payer: payer);
            }

            call = BatchSettlementContract.EncodeMulticall([BatchSettlementContract.EncodeClaimWithSignature(rows, claimAuthorization), refund]);
        }

        var submitted = await submission.SubmitAsync(
            "refund", call, X402ErrorReasons.BatchRefundSimulationFailed, X402ErrorReasons.BatchRefundTransactionFailed, cancellationToken);
        if (!submitted.Succeeded)
        {
            return FacilitatorReplies.Failed(network, submitted.Error!, submitted.Transaction, payer);
        }

        var refunded = submitted.Receipt!.Logs
            .Where(log => log.Address == domain.SettlementContract)
            .Select(ChannelEventDecoder.TryDecode)
            .OfType<RefundedEvent>()
            .FirstOrDefault(e => e.ChannelId == channelId);
        if (refunded is null)
        {
            // The contract advanced the nonce but moved nothing (the balance went to claims meanwhile): say so, not "success".
            return FacilitatorReplies.Failed(
                network, new X402Error(X402ErrorReasons.BatchRefundNoBalance, $"refund transaction {submitted.Transaction} moved nothing"), submitted.Transaction, payer);
        }

        return FacilitatorReplies.Settled(
            network, submitted.Transaction, payer, refunded.Amount.ToString(CultureInfo.InvariantCulture), await StateAfterAsync(channelId, payload, cancellationToken));
    }

    private async Task<ChannelStateExtra?> StateAfterAsync(Hash32 channelId, EnrichedRefundPayload payload, CancellationToken cancellationToken)
    {
        try
        {
            return FacilitatorReplies.ChannelState(payload.Voucher.ChannelId, await channels.ReadAsync(channelId.ToString(), cancellationToken));
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            // The refund is done; only the report of the state after it is missing.
            return null;
        }
    }
}
