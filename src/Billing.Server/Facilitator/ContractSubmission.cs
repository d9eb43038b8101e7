using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Evm.Transactions;
using Billing.Grains.Chain;
using Billing.Server.Payments;
using Billing.X402;
using Microsoft.Extensions.Options;

namespace Billing.Server.Facilitator;

/// <summary>
/// Sends one call to the settlement contract the way the reference facilitator does: simulate first (a revert costs no
/// gas and names its reason), send from our key, wait for the configured confirmations. A transaction that was sent but
/// not seen confirmed in time is <c>settlement_pending</c>, with its hash, never a failure: it may still land.
/// </summary>
internal sealed partial class ContractSubmission(
    BatchSettlementContract contract,
    EthRpcClient rpc,
    TransactionSender sender,
    IOptions<ChainOptions> chain,
    IOptions<FacilitatorOptions> facilitator,
    ILogger<ContractSubmission> logger)
{
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(60);

    public async Task<Submitted> SubmitAsync(
        string operation, byte[] call, string simulationFailed, string transactionFailed, CancellationToken cancellationToken, ulong? gasLimit = null)
    {
        try
        {
            await contract.SimulateAsync(call, sender.Account, cancellationToken);
        }
        catch (EvmRevertException ex)
        {
            return Submitted.Refused(new X402Error(simulationFailed, $"the {operation} would revert: {ex.Reason.Message}"));
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return Submitted.Refused(new X402Error(simulationFailed, $"the {operation} could not be simulated"));
        }

        // Callers choose what we send, so what it may cost is bounded before it is sent, never after.
        var cap = facilitator.Value.MaxGasPerTransaction;
        ulong limit;
        try
        {
            limit = gasLimit ?? await EstimateWithMarginAsync(call, cancellationToken);
        }
        catch (EvmRevertException ex)
        {
            return Submitted.Refused(new X402Error(simulationFailed, $"the {operation} would revert: {ex.Reason.Message}"));
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return Submitted.Refused(new X402Error(simulationFailed, $"the {operation} could not be estimated"));
        }

        if (limit > cap)
        {
            return Submitted.Refused(new X402Error(simulationFailed, $"the {operation} needs more gas than this facilitator spends on one transaction ({cap})"));
        }

        SignedTransaction sent;
        try
        {
            sent = await sender.SendAsync(new TransactionRequest(contract.Address, call) { GasLimit = limit }, cancellationToken);
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return Submitted.Refused(new X402Error(transactionFailed, $"the {operation} transaction could not be sent"));
        }

        LogSent(logger, operation, sent.Hash.ToString());
        try
        {
            var receipt = await sender.WaitForReceiptAsync(sent.Hash, chain.Value.Confirmations, ReceiptTimeout, cancellationToken);
            return receipt.Succeeded
                ? new Submitted(sent.Hash.ToString(), receipt, null)
                : new Submitted(sent.Hash.ToString(), receipt, new X402Error(transactionFailed, $"{operation} transaction {sent.Hash} reverted"));
        }
        catch (Exception ex) when (ex is TimeoutException or TransactionDroppedException || ChainReadFailures.IsUnavailable(ex))
        {
            return new Submitted(sent.Hash.ToString(), null, new X402Error(X402ErrorReasons.SettlementPending, $"{operation} transaction {sent.Hash} is not confirmed yet"));
        }
    }

    /// <summary>The node's estimate plus a fifth, the headroom a state change between estimate and inclusion may need.</summary>
    private async Task<ulong> EstimateWithMarginAsync(byte[] call, CancellationToken cancellationToken)
    {
        var estimate = await rpc.EstimateGasAsync(new CallRequest { From = sender.Account, To = contract.Address, Data = call }, cancellationToken);
        return checked(estimate + (estimate / 5));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Facilitator {Operation} sent: {Transaction}")]
    private static partial void LogSent(ILogger logger, string operation, string transaction);
}
