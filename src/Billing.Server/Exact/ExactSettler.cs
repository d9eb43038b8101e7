using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Evm.Transactions;
using Billing.Grains.Chain;
using Billing.Persistence.Exact;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.Formats;
using Microsoft.Extensions.Options;

namespace Billing.Server.Exact;

/// <summary>
/// Executes a claimed authorization with <c>transferWithAuthorization</c> from the server's account (we pay the gas)
/// and waits a bounded time for the receipt. The store records the transaction before the wait, so a receipt that
/// comes late, or a process that dies while waiting, leaves a pending row the reconciler resolves by its hash.
/// </summary>
public sealed partial class ExactSettler(
    TransactionSender sender,
    ExactSettlementStore store,
    TimeProvider time,
    IOptions<ChainOptions> chain,
    IOptions<ExactOptions> options,
    ILogger<ExactSettler> logger)
{
    public async Task<ExactTransferOutcome> SettleAsync(ExactAuthorizationKey key, ExactOffer offer, Erc3009Authorization authorization, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(offer);
        var (v, r, s) = SignatureEncoding.Split(signature);
        var call = Erc20Token.EncodeTransferWithAuthorization(authorization, v, r, s);

        // Not tied to the request: the handler's work is done, so the transfer goes out even if the client went away.
        SignedTransaction sent;
        try
        {
            sent = await sender.SendAsync(new TransactionRequest(offer.Asset, call));
        }
        catch (EvmRevertException ex)
        {
            // The estimate reverted, so nothing was sent and the authorization is unspent: the claim is dropped.
            await store.ReleaseAsync(key);
            return ExactTransferOutcome.Failed(X402ErrorReasons.ExactEvmTransactionSimulationFailed, $"the transfer would revert: {ex.Reason.Message}");
        }
        catch (JsonRpcException)
        {
            // The node answered and refused the transaction (fees, gas funds): nothing is pending, the claim is dropped.
            await store.ReleaseAsync(key);
            return ExactTransferOutcome.Failed(X402ErrorReasons.UnexpectedSettleError, "the node refused the transfer");
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            // The node may or may not have the transaction: the claim stays, so this authorization is never sent twice.
            await store.ResolveAsync(key, ExactSettlementStatus.Failed, time.GetUtcNow());
            LogSendUnknown(logger, key.Payer, key.Nonce, ex.GetType().Name);
            return ExactTransferOutcome.Failed(X402ErrorReasons.UnexpectedSettleError, "the transfer could not be sent");
        }

        var transaction = sent.Hash.ToString();
        await store.MarkPendingAsync(key, transaction, time.GetUtcNow());
        LogSent(logger, key.Payer, DecimalString.Format(offer.Price), transaction);
        try
        {
            var receipt = await sender.WaitForReceiptAsync(sent.Hash, chain.Value.Confirmations, options.Value.ReceiptTimeout);
            if (receipt.Succeeded)
            {
                await store.ResolveAsync(key, ExactSettlementStatus.Settled, time.GetUtcNow());
                return ExactTransferOutcome.Settled(transaction);
            }

            await store.ResolveAsync(key, ExactSettlementStatus.Failed, time.GetUtcNow());
            LogReverted(logger, transaction, key.Payer, key.Nonce);
            return ExactTransferOutcome.Failed(X402ErrorReasons.ExactEvmTransactionFailed, $"transfer {transaction} reverted", transaction);
        }
        catch (Exception ex) when (ex is TimeoutException or TransactionDroppedException || ChainReadFailures.IsUnavailable(ex))
        {
            return ExactTransferOutcome.Pending(transaction);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exact transfer from {Payer} of {Amount} units sent: {Transaction}")]
    private static partial void LogSent(ILogger logger, string payer, string amount, string transaction);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exact transfer {Transaction} REVERTED after the handler ran: payer {Payer}, nonce {Nonce}; the response was withheld")]
    private static partial void LogReverted(ILogger logger, string transaction, string payer, string nonce);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exact transfer for payer {Payer}, nonce {Nonce} may or may not have reached the node ({Failure}); check authorizationState on chain")]
    private static partial void LogSendUnknown(ILogger logger, string payer, string nonce, string failure);
}
