using System.Globalization;
using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.X402;
using Microsoft.Extensions.Options;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.Server.Payments;

/// <summary>
/// Refunds what a payer has not been charged, on the payer's request (a zero-charge voucher). One transaction claims the
/// charged total first (the payer's refund voucher authorizes exactly that) and then refunds, so a refund can never take
/// back money already earned. The channel is held meanwhile, so no voucher is accepted against escrow that is leaving.
/// </summary>
public sealed partial class ChannelRefunds(
    BatchSettlementContract contract,
    TransactionSender sender,
    PaymentRateLimits limits,
    IOptions<ChainOptions> chain,
    ILogger<ChannelRefunds> logger)
{
    /// <param name="minimumPartial">
    /// The least a refund that leaves escrow behind may return: each refund is a transaction we pay for, so a payer may not
    /// take its escrow back in slivers. Refunding everything that is left is always allowed.
    /// </param>
    public async Task<RefundOutcome> ExecuteAsync(
        IChannelGrain channel, VoucherPresentation presentation, EvmChannelConfig config, UInt128? requested, UInt128 minimumPartial, CancellationToken cancellationToken)
    {
        var prepared = await channel.PrepareRefund(presentation);
        if (!prepared.Succeeded)
        {
            return RefundOutcome.Refused(prepared.Rejection, prepared.Channel);
        }

        // Released when this refund ends, whatever the path, unless a transaction went out and its outcome is unknown
        // (the caller gave up while waiting): escrow may still be leaving, so the hold then stays until it times out in the
        // grain, which re-reads the chain before it accepts anything again.
        var release = true;
        try
        {
            var view = prepared.Channel!;
            var available = view.Balance > view.ChargedCumulative ? view.Balance - view.ChargedCumulative : UInt128.Zero;
            if (available == UInt128.Zero)
            {
                return RefundOutcome.Refused(X402ErrorReasons.BatchRefundNoBalance, "nothing is left to refund", view);
            }

            var amount = requested ?? available;
            if (amount == UInt128.Zero || amount > available)
            {
                return RefundOutcome.Refused(
                    X402ErrorReasons.BatchRefundAmountInvalid, $"a refund must be between 1 and {available.ToString(CultureInfo.InvariantCulture)}", view);
            }

            if (amount < available && amount < minimumPartial)
            {
                return RefundOutcome.Refused(
                    X402ErrorReasons.BatchRefundAmountInvalid,
                    $"a partial refund must be at least {minimumPartial.ToString(CultureInfo.InvariantCulture)}; omit the amount to refund all {available.ToString(CultureInfo.InvariantCulture)} that is left",
                    view);
            }

            if (limits.ChainOperation(view.ChannelId, config.Payer.ToString()) is { IsAllowed: false } spent)
            {
                return RefundOutcome.Throttled(spent, view);
            }

            var calls = new List<byte[]>(2);
            if (view.ChargedCumulative > view.TotalClaimed)
            {
                var claim = new VoucherClaim(config, view.ChargedCumulative, presentation.Signature, view.ChargedCumulative);
                calls.Add(BatchSettlementContract.EncodeClaim([claim]));
            }

            calls.Add(BatchSettlementContract.EncodeRefund(config, amount));
            var data = calls.Count == 1 ? calls[0] : BatchSettlementContract.EncodeMulticall(calls);
            try
            {
                await contract.SimulateAsync(data, sender.Account, cancellationToken);
            }
            catch (EvmRevertException ex)
            {
                return RefundOutcome.Refused(X402ErrorReasons.BatchRefundSimulationFailed, $"the refund would revert: {ex.Reason.Message}", view);
            }

            release = false;
            var sent = await sender.SendAsync(new TransactionRequest(contract.Address, data), cancellationToken);
            LogRefundSent(logger, view.ChannelId, amount.ToString(CultureInfo.InvariantCulture), sent.Hash.ToString());
            var receipt = await sender.WaitForReceiptAsync(sent.Hash, chain.Value.Confirmations, TimeSpan.FromSeconds(60), cancellationToken);

            // The outcome is known from here on: the channel is re-read and released below.
            release = true;
            if (!receipt.Succeeded)
            {
                return RefundOutcome.Refused(X402ErrorReasons.BatchRefundTransactionFailed, $"refund transaction {sent.Hash} reverted", view);
            }

            release = false;
            var after = await channel.CompleteRefund();
            return new RefundOutcome(sent.Hash.ToString(), amount, null, null, after);
        }
        finally
        {
            if (release)
            {
                await ReleaseAsync(channel, prepared.Channel!.ChannelId);
            }
        }
    }

    /// <summary>Ends the hold; if that fails (the grain is unreachable), the hold's own timeout ends it.</summary>
    private async Task ReleaseAsync(IChannelGrain channel, string channelId)
    {
        try
        {
            await channel.CompleteRefund();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReleaseFailed(logger, ex, channelId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the refund hold of channel {ChannelId} failed; it ends when the hold times out")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refund of {Amount} units from channel {ChannelId} sent: {Transaction}")]
    private static partial void LogRefundSent(ILogger logger, string channelId, string amount, string transaction);
}
