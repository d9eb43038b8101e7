using Billing.Abstractions.Settlement;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Evm.Transactions;
using Billing.Grains.Chain;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// A claim transaction from broadcast to confirmation. The journal learns each signed transaction before the node does;
/// a claim not mined within Settlement:ReplaceAfter is replaced (same nonce, fees +12.5%, never above the caps); one the
/// node forgot is rebroadcast byte for byte; a nonce consumed by anything else ends the batch as superseded.
/// </summary>
internal sealed class ClaimTransactions(
    EthRpcClient rpc,
    BatchSettlementContract contract,
    SettlementAccount account,
    ClaimFees fees,
    IGrainFactory grains,
    IOptions<SettlementOptions> options,
    IOptions<ChainOptions> chain,
    TimeProvider time)
{
    /// <summary>Polls in a row that must see the batch's nonce used and none of its transactions mined.</summary>
    private const int SupersededAfterPolls = 3;

    private ISettlementJournalGrain Journal => grains.GetGrain<ISettlementJournalGrain>(ISettlementJournalGrain.Key);

    /// <summary>Sends the batch's call and follows it; null when the node refused it outright (nothing is in flight).</summary>
    public async Task<(ClaimBatchRecord Record, ClaimOutcome Outcome)?> SendAsync(
        ClaimBatch batch, byte[] data, ulong gasLimit, SettlementTally tally, CancellationToken cancellationToken)
    {
        var fee = await fees.SuggestAsync(cancellationToken);
        var request = new TransactionRequest(contract.Address, data)
        {
            GasLimit = gasLimit,
            MaxFeePerGas = fee.MaxFeePerGas,
            MaxPriorityFeePerGas = fee.MaxPriorityFeePerGas,
        };
        ClaimBatchRecord? record = null;
        try
        {
            await account.Sender.SendRecordedAsync(
                request,
                async (tx, token) =>
                {
                    record = new ClaimBatchRecord(
                        batch.Id, RawTransactionDecoder.Decode(tx.Raw).Nonce, [tx.RawHex], ClaimBatchStatus.Sent, batch.RecordRows,
                        batch.Receiver.ToString(), batch.Token.ToString(), time.GetUtcNow());
                    await Journal.Record(record);
                },
                cancellationToken);
        }
        catch (JsonRpcException ex) when (record is not null)
        {
            // The node refused these bytes: nothing of this batch is in flight.
            await FinishAsync(record, ClaimBatchStatus.Abandoned);
            tally.Problems.Add($"claim batch {batch.Id} was refused by the node: {ex.RpcMessage}");
            return null;
        }

        return (record!, await FollowAsync(record!, tally, cancellationToken));
    }

    /// <summary>Waits for any of the batch's transactions to be confirmed, replacing or rebroadcasting while it is not mined.</summary>
    public async Task<ClaimOutcome> FollowAsync(ClaimBatchRecord record, SettlementTally tally, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var o = options.Value;
        var started = time.GetUtcNow();
        var lastBroadcast = started;
        var atCap = false;
        var consumedWithoutReceipt = 0;
        while (true)
        {
            if (await FindReceiptAsync(record, cancellationToken) is { } receipt)
            {
                consumedWithoutReceipt = 0;
                if (await IsConfirmedAsync(receipt, cancellationToken))
                {
                    return new ClaimOutcome.Mined(receipt);
                }
            }
            else if (await NonceConsumedAsync(record.Nonce, cancellationToken))
            {
                // Mined between the two reads, or taken by a transaction that is not ours for this batch. A node may count
                // the nonce as used a moment before it serves the receipt (anvil does, under load), so "superseded" is
                // concluded only when it still holds a few polls later.
                if (await FindReceiptAsync(record, cancellationToken) is null && ++consumedWithoutReceipt >= SupersededAfterPolls)
                {
                    return new ClaimOutcome.Superseded();
                }
            }
            else if (!await rpc.IsTransactionKnownAsync(Last(record).Hash, cancellationToken))
            {
                // Dropped from the pool, or the node restarted: the very same bytes go out again, never new content.
                await RebroadcastAsync(Last(record), cancellationToken);
            }
            else if (time.GetUtcNow() - lastBroadcast >= o.ReplaceAfter && !atCap)
            {
                var replaced = await ReplaceAsync(record, tally, cancellationToken);
                atCap = replaced is null;
                record = replaced ?? record;
                lastBroadcast = time.GetUtcNow();
            }

            if (time.GetUtcNow() - started >= o.ReceiptTimeout)
            {
                return new ClaimOutcome.Pending();
            }

            await Task.Delay(o.PollInterval, time, cancellationToken);
        }
    }

    public Task FinishAsync(ClaimBatchRecord record, ClaimBatchStatus status, TransactionReceipt? mined = null) =>
        Journal.Record(record with
        {
            Status = status,
            MinedTransaction = mined?.TransactionHash.ToString(),
            MinedBlockHash = mined?.BlockHash.ToString(),
            UpdatedAt = time.GetUtcNow(),
        }).AsTask();

    /// <summary>
    /// Whether a completed batch's claim is still where it was mined. Checked after the fact, because the chain watcher
    /// sees a reorg only under its cursor, and settlement may have read the claim before the watcher got there.
    /// </summary>
    public async Task<bool> StillMinedAsync(ClaimBatchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.MinedTransaction is null)
        {
            return true;
        }

        var receipt = await rpc.GetTransactionReceiptAsync(Hash32.Parse(record.MinedTransaction), cancellationToken);
        return receipt is not null && string.Equals(receipt.BlockHash.ToString(), record.MinedBlockHash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The replacement's record, or null when the fee caps leave no room for a bump (an alert is raised).</summary>
    private async Task<ClaimBatchRecord?> ReplaceAsync(ClaimBatchRecord record, SettlementTally tally, CancellationToken cancellationToken)
    {
        var previous = RawTransactionDecoder.Decode(Last(record).Raw);
        var bumped = await fees.BumpAsync(
            new Eip1559Fees(previous.MaxFeePerGas ?? 0, previous.MaxPriorityFeePerGas ?? 0), cancellationToken);
        if (bumped is null)
        {
            tally.FeeCapReached(record.BatchId, (previous.MaxFeePerGas ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }

        var request = new TransactionRequest(previous.To, previous.Data)
        {
            Value = previous.Value,
            GasLimit = previous.GasLimit,
            MaxFeePerGas = bumped.MaxFeePerGas,
            MaxPriorityFeePerGas = bumped.MaxPriorityFeePerGas,
        };
        var replacement = record;
        try
        {
            var signed = await account.Sender.ReplaceAsync(
                record.Nonce,
                request,
                async (tx, _) =>
                {
                    replacement = record with { RawTransactions = [.. record.RawTransactions, tx.RawHex], UpdatedAt = time.GetUtcNow() };
                    await Journal.Record(replacement);
                },
                cancellationToken);
            tally.ReplacementTransactions.Add(signed.Hash.ToString());
            return replacement;
        }
        catch (JsonRpcException ex)
        {
            // Refused (the nonce was just mined, or the node wants a larger bump): forget these bytes; the loop decides next.
            await Journal.Record(record);
            tally.Problems.Add($"replacement for claim batch {record.BatchId} refused: {ex.RpcMessage}");
            return record;
        }
    }

    private async Task RebroadcastAsync(SignedTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await rpc.SendRawTransactionAsync(transaction.Raw, cancellationToken);
        }
        catch (JsonRpcException ex) when (TransactionSender.IsNonceTooLow(ex))
        {
            // The nonce was consumed meanwhile: the next poll finds a receipt or calls the batch superseded.
        }
    }

    private async Task<TransactionReceipt?> FindReceiptAsync(ClaimBatchRecord record, CancellationToken cancellationToken)
    {
        foreach (var raw in record.RawTransactions)
        {
            if (await rpc.GetTransactionReceiptAsync(Keccak256.Hash(Hex.Decode(raw)), cancellationToken) is { } receipt)
            {
                return receipt;
            }
        }

        return null;
    }

    private async Task<bool> IsConfirmedAsync(TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        if (options.Value.ConfirmationTag is { Length: > 0 } tag)
        {
            var tagged = await rpc.GetBlockByNumberAsync(tag, cancellationToken);
            if (tagged is null || tagged.Number < receipt.BlockNumber)
            {
                return false;
            }
        }
        else
        {
            var head = await rpc.GetBlockNumberAsync(cancellationToken);
            if (head < receipt.BlockNumber || head - receipt.BlockNumber + 1 < (ulong)Math.Max(1, chain.Value.Confirmations))
            {
                return false;
            }
        }

        // Still on the canonical chain: a reorg may have moved the transaction or dropped it.
        var block = await rpc.GetBlockByNumberAsync(receipt.BlockNumber, cancellationToken);
        return block is not null && block.Hash == receipt.BlockHash;
    }

    private async Task<bool> NonceConsumedAsync(ulong nonce, CancellationToken cancellationToken) =>
        await rpc.GetTransactionCountAsync(account.Sender.Account, "latest", cancellationToken) > nonce;

    private static SignedTransaction Last(ClaimBatchRecord record)
    {
        var raw = Hex.Decode(record.RawTransactions[^1]);
        return new SignedTransaction(raw, Keccak256.Hash(raw));
    }
}
