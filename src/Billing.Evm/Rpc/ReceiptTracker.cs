namespace Billing.Evm.Rpc;

/// <summary>
/// Waits for a receipt with a number of confirmations and is reorg-aware: before it returns, the block at the
/// receipt's height must still have the receipt's block hash; if it changed, the receipt is fetched again.
/// </summary>
public sealed class ReceiptTracker(EthRpcClient rpc, TimeSpan pollInterval, TimeSpan droppedAfter)
{
    public async Task<TransactionReceipt> WaitAsync(
        Hash32 transactionHash, int confirmations = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(confirmations, 1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        var token = deadline.Token;
        var unknownSince = DateTimeOffset.UtcNow;
        try
        {
            while (true)
            {
                var receipt = await rpc.GetTransactionReceiptAsync(transactionHash, token);
                if (receipt is null)
                {
                    if (await rpc.IsTransactionKnownAsync(transactionHash, token))
                    {
                        unknownSince = DateTimeOffset.UtcNow;
                    }
                    else if (DateTimeOffset.UtcNow - unknownSince > droppedAfter)
                    {
                        throw new TransactionDroppedException(transactionHash);
                    }
                }
                else
                {
                    unknownSince = DateTimeOffset.UtcNow;
                    var head = await rpc.GetBlockNumberAsync(token);
                    if (head >= receipt.BlockNumber && head - receipt.BlockNumber + 1 >= (ulong)confirmations)
                    {
                        var block = await rpc.GetBlockByNumberAsync(receipt.BlockNumber, token);
                        if (block is not null && block.Hash == receipt.BlockHash)
                        {
                            return receipt;
                        }

                        // The receipt's block was replaced: poll again, the transaction may land elsewhere or be dropped.
                    }
                }

                await Task.Delay(pollInterval, token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No receipt with {confirmations} confirmation(s) for {transactionHash} in time.");
        }
    }
}
