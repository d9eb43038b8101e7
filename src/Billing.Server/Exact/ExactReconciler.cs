using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.Persistence.Exact;
using Billing.Server.Payments;
using Microsoft.Extensions.Options;

namespace Billing.Server.Exact;

/// <summary>
/// Finishes <c>exact</c> transfers whose receipt came too late for their request: each pending row is looked up by its
/// transaction hash. Mined and succeeded → settled. Reverted, or gone from the node with the nonce still unused →
/// failed, logged as an error (the payer was served and the transfer did not happen). Every silo may run it: the
/// store only moves a row out of pending once.
/// </summary>
public sealed partial class ExactReconciler(
    ExactSettlementStore store,
    EthRpcClient rpc,
    TimeProvider time,
    IOptions<ChainOptions> chain,
    IOptions<ExactOptions> options,
    ILogger<ExactReconciler> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database or node outage: the rows stay pending and the next round tries again.
                LogRoundFailed(logger, ex);
            }
        }
    }

    /// <summary>One pass over the pending transfers old enough that no request is still waiting for them.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var resolved = 0;
        var pending = await store.PendingAsync(time.GetUtcNow() - options.Value.ReceiptTimeout, BatchSize, cancellationToken);
        foreach (var record in pending)
        {
            if (await OutcomeAsync(record, cancellationToken) is { } outcome
                && await store.ResolveAsync(record.Key, outcome, time.GetUtcNow(), cancellationToken))
            {
                resolved++;
                if (outcome == ExactSettlementStatus.Settled)
                {
                    LogSettled(logger, record.TransactionHash!, record.Key.Payer);
                }
                else
                {
                    LogFailed(logger, record.TransactionHash!, record.Key.Payer, record.Key.Nonce, record.Amount);
                }
            }
        }

        return resolved;
    }

    /// <summary>Settled or failed when the chain has decided; null while the transaction may still be mined.</summary>
    private async Task<ExactSettlementStatus?> OutcomeAsync(ExactSettlementRecord record, CancellationToken cancellationToken)
    {
        if (!Hash32.TryParse(record.TransactionHash, out var hash))
        {
            return ExactSettlementStatus.Failed;
        }

        var receipt = await rpc.GetTransactionReceiptAsync(hash, cancellationToken);
        if (receipt is not null)
        {
            var head = await rpc.GetBlockNumberAsync(cancellationToken);
            if (head < receipt.BlockNumber || head - receipt.BlockNumber + 1 < (ulong)chain.Value.Confirmations)
            {
                return null;
            }

            return receipt.Succeeded ? ExactSettlementStatus.Settled : ExactSettlementStatus.Failed;
        }

        if (await rpc.IsTransactionKnownAsync(hash, cancellationToken))
        {
            return null;
        }

        // Dropped. The payTo is fixed by the signature, so if the nonce is used anyway (the payer or anyone executed the
        // same authorization), the money still reached us.
        var token = new Erc20Token(rpc, Address.Parse(record.Key.Asset));
        var used = await token.AuthorizationStateAsync(Address.Parse(record.Key.Payer), Hash32.Parse(record.Key.Nonce), cancellationToken);
        return used ? ExactSettlementStatus.Settled : ExactSettlementStatus.Failed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exact transfer {Transaction} from {Payer} settled after its request was answered")]
    private static partial void LogSettled(ILogger logger, string transaction, string payer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exact transfer {Transaction} FAILED (reverted or dropped): payer {Payer}, nonce {Nonce}, {Amount} units were served and not paid")]
    private static partial void LogFailed(ILogger logger, string transaction, string payer, string nonce, string amount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling pending exact transfers failed; retrying next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
