using System.Globalization;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Wire;

namespace Billing.Server.Facilitator;

/// <summary>
/// <c>/settle</c> with a <c>settle</c> payload: <c>settle(receiver, token)</c> pays out everything claimed and not yet
/// settled. When nothing is owed the contract would succeed silently, so, like the reference, this answers
/// <c>nothing_to_settle</c> as a failure instead of spending gas on a no-op (x402 #2471: callers treat it as benign).
/// </summary>
internal sealed class ReceiverSweep(BatchSettlementContract contract, ContractSubmission submission)
{
    /// <summary>The reference facilitator's cap: settle() touches two storage slots and makes one transfer.</summary>
    private const ulong SettleGasLimit = 120_000;

    public async Task<SettlementResponse> SettleAsync(FacilitatorRequest request, SettlePayload payload, CancellationToken cancellationToken)
    {
        if (!Address.TryParse(payload.Receiver, out var receiver) || !Address.TryParse(payload.Token, out var token))
        {
            return FacilitatorReplies.Failed(request.Network, new X402Error(X402ErrorReasons.InvalidPayload, "receiver or token has a bad EIP-55 checksum"));
        }

        try
        {
            var owed = await contract.GetReceiverAsync(receiver, token, cancellationToken: cancellationToken);
            if (owed.TotalClaimed <= owed.TotalSettled)
            {
                return FacilitatorReplies.Failed(request.Network, new X402Error(X402ErrorReasons.BatchNothingToSettle, "nothing is claimed and unsettled for this receiver and token"));
            }
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return FacilitatorReplies.Failed(request.Network, new X402Error(X402ErrorReasons.BatchRpcReadFailed, "the receiver's totals could not be read"));
        }

        var submitted = await submission.SubmitAsync(
            "settle",
            BatchSettlementContract.EncodeSettle(receiver, token),
            X402ErrorReasons.BatchSettleSimulationFailed,
            X402ErrorReasons.BatchSettleTransactionFailed,
            cancellationToken,
            SettleGasLimit);
        if (!submitted.Succeeded)
        {
            return FacilitatorReplies.Failed(request.Network, submitted.Error!, submitted.Transaction);
        }

        var paid = submitted.Receipt!.Logs
            .Where(log => log.Address == contract.Address)
            .Select(ChannelEventDecoder.TryDecode)
            .OfType<SettledEvent>()
            .FirstOrDefault(e => e.Receiver == receiver && e.Token == token);
        return FacilitatorReplies.Settled(request.Network, submitted.Transaction, payer: null, (paid?.Amount ?? UInt128.Zero).ToString(CultureInfo.InvariantCulture));
    }
}
