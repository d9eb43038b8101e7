using Billing.Grains.Chain;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Wire;

namespace Billing.Server.Facilitator;

/// <summary>
/// <c>/settle</c> for batch-settlement, by payload type: a client's <c>deposit</c> (verified again, then sent through
/// the shared deposit path), and the server-authored <c>claim</c>, <c>settle</c> and enriched <c>refund</c>.
/// </summary>
internal sealed class PaymentSettler(
    ChannelBinding binding,
    ChannelDeposits deposits,
    IChannelChainReader channels,
    VoucherClaims claims,
    ReceiverSweep sweep,
    CooperativeRefunds refunds)
{
    public Task<SettlementResponse> SettleAsync(FacilitatorRequest request, CancellationToken cancellationToken) => request.Payload switch
    {
        DepositPayload deposit => DepositAsync(request, deposit, cancellationToken),
        ClaimPayload claim => claims.ClaimAsync(request, claim, cancellationToken),
        SettlePayload settle => sweep.SettleAsync(request, settle, cancellationToken),
        EnrichedRefundPayload refund => refunds.RefundAsync(request, refund, cancellationToken),
        _ => Task.FromResult(FacilitatorReplies.Failed(
            request.Network, new X402Error(X402ErrorReasons.BatchPayloadType, $"'{request.Payload.Type}' payloads are not settled"))),
    };

    private async Task<SettlementResponse> DepositAsync(FacilitatorRequest request, DepositPayload payload, CancellationToken cancellationToken)
    {
        var payer = payload.ChannelConfig.Payer;
        if (!binding.Bind(payload.ChannelConfig, payload.Voucher, request.Requirements, request.Terms).TryGetValue(out var channel, out var unbound))
        {
            return FacilitatorReplies.Failed(request.Network, unbound, payer: payer);
        }

        if (!DepositTerms.Read(request.Terms).TryGetValue(out var token, out var noDomain))
        {
            return FacilitatorReplies.Failed(request.Network, noDomain, payer: payer);
        }

        var outcome = await deposits.ExecuteAsync(payload, channel.ChannelId, channel.Config, token, cancellationToken);
        if (!outcome.Succeeded)
        {
            return FacilitatorReplies.Failed(request.Network, new X402Error(outcome.Reason!, outcome.Message!), outcome.Transaction, payer);
        }

        // The deposit has its confirmations, so the confirmed read already holds it (x402 #2559: report confirmed state only).
        ChannelStateExtra? state = null;
        try
        {
            state = FacilitatorReplies.ChannelState(payload.Voucher.ChannelId, await channels.ReadAsync(channel.ChannelId.ToString(), cancellationToken));
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            // The deposit is done; only the report of the state after it is missing.
        }

        return FacilitatorReplies.Settled(request.Network, outcome.Transaction!, payer, payload.Deposit.Amount, state);
    }
}
