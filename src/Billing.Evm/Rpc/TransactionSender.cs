using System.Numerics;
using Billing.Evm.Transactions;

namespace Billing.Evm.Rpc;

/// <summary>
/// Sends EIP-1559 transactions from one account: allocates nonces under a lease from the account's nonce authority (by
/// default one per process; a cluster gives every silo the same one),
/// fills fees (capped) and gas (with a margin), signs, sends, and waits for receipts. On "nonce too low" it re-reads the
/// nonce from the chain and signs anew — unless the refused bytes are its own, delivered by an attempt whose answer was
/// lost. A transport failure leaves the nonce to be re-read, and the same signed bytes are the only thing ever resent. A
/// cached nonce is dropped when the chain forgot the last transaction sent (reorg, pool drop).
/// </summary>
public sealed class TransactionSender
{
    private readonly EthRpcClient _rpc;
    private readonly PrivateKey _key;
    private readonly ISecp256k1 _curve;
    private readonly TransactionSenderOptions _options;
    private readonly INonceAuthority _nonces;
    private readonly ReceiptTracker _receipts;

    /// <param name="nonces">Who hands out the account's nonces; by default this process's count for the account and endpoint.</param>
    public TransactionSender(
        EthRpcClient rpc, PrivateKey key, ISecp256k1 curve, ulong chainId, TransactionSenderOptions? options = null, INonceAuthority? nonces = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(curve);
        _rpc = rpc;
        _key = key;
        _curve = curve;
        _options = options ?? new TransactionSenderOptions();
        ChainId = chainId;
        Account = key.Address;
        _nonces = nonces ?? AccountNonce.For(rpc.Endpoint, chainId, Account);
        _receipts = new ReceiptTracker(rpc, _options.ReceiptPollInterval, _options.DroppedAfter);
    }

    public Address Account { get; }

    public ulong ChainId { get; }

    /// <summary>Reads the chain id from the node.</summary>
    public static async Task<TransactionSender> CreateAsync(
        EthRpcClient rpc, PrivateKey key, ISecp256k1? curve = null, TransactionSenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var chainId = await rpc.GetChainIdAsync(cancellationToken);
        return new TransactionSender(rpc, key, curve ?? Secp256k1.Default, chainId, options);
    }

    /// <summary>Signs and sends; returns once the node accepted the transaction into its pool.</summary>
    public Task<SignedTransaction> SendAsync(TransactionRequest request, CancellationToken cancellationToken = default) =>
        SendRecordedAsync(request, beforeBroadcast: null, cancellationToken);

    /// <summary>
    /// Like <see cref="SendAsync"/>, but hands the signed transaction to <paramref name="beforeBroadcast"/> before the node
    /// sees it, so the caller can persist it first: after a crash it then knows every transaction that may be in the pool.
    /// </summary>
    public async Task<SignedTransaction> SendRecordedAsync(
        TransactionRequest request, Func<SignedTransaction, CancellationToken, Task>? beforeBroadcast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Estimating before taking the lease keeps the critical section short; a revert here consumes no nonce.
        var gasLimit = request.GasLimit ?? await EstimateGasAsync(request, cancellationToken);
        var fees = await ResolveFeesAsync(request, cancellationToken);

        await using var lease = await _nonces.AcquireAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var nonce = await NextNonceAsync(lease, cancellationToken);
            var signed = new Eip1559Transaction(
                ChainId, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gasLimit, request.To, request.Value, request.Data)
                .Sign(_key, _curve);
            try
            {
                if (beforeBroadcast is not null)
                {
                    await beforeBroadcast(signed, cancellationToken);
                }

                await _rpc.SendRawTransactionAsync(signed.Raw, cancellationToken);
                Accepted(lease, signed, nonce);
                return signed;
            }
            catch (JsonRpcException ex) when (IsNonceTooLow(ex) || IsAlreadyKnown(ex))
            {
                // The transport retries a send whose answer was lost: the node may be refusing our own bytes, delivered
                // by the first attempt. Signing anew would send a second transaction for the same request.
                if (await _rpc.IsTransactionKnownAsync(signed.Hash, cancellationToken))
                {
                    Accepted(lease, signed, nonce);
                    return signed;
                }

                // Someone else (another process, a dropped-then-mined tx) used the nonce: re-read and sign a new transaction.
                lease.Next = null;
                if (attempt > 0 || !IsNonceTooLow(ex))
                {
                    throw;
                }
            }
            catch (JsonRpcException)
            {
                lease.Next = null;
                throw;
            }
            catch (EthRpcTransportException)
            {
                // Unknown whether the node has it: never reuse the nonce for different bytes; re-read it next time.
                lease.Next = null;
                throw;
            }
        }
    }

    /// <summary>
    /// Signs <paramref name="request"/> at a nonce already used by a pending transaction of this account (a replacement: same
    /// nonce, higher fees; gas limit and both fees must be given) and sends it. Leaves the next nonce alone. A node that
    /// answers "nonce too low" means the nonce was consumed: that surfaces as <see cref="JsonRpcException"/>.
    /// </summary>
    public async Task<SignedTransaction> ReplaceAsync(
        ulong nonce, TransactionRequest request, Func<SignedTransaction, CancellationToken, Task>? beforeBroadcast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is not { GasLimit: { } gasLimit, MaxFeePerGas: { } maxFee, MaxPriorityFeePerGas: { } priority })
        {
            throw new ArgumentException("A replacement names its gas limit and both fees.", nameof(request));
        }

        await using var lease = await _nonces.AcquireAsync(cancellationToken);
        var signed = new Eip1559Transaction(ChainId, nonce, priority, maxFee, gasLimit, request.To, request.Value, request.Data).Sign(_key, _curve);
        if (beforeBroadcast is not null)
        {
            await beforeBroadcast(signed, cancellationToken);
        }

        await _rpc.SendRawTransactionAsync(signed.Raw, cancellationToken);
        if (lease.Next == nonce + 1)
        {
            // The replacement is now the transaction the next nonce's validity is checked against (the original leaves
            // the pool once the node takes the replacement).
            lease.LastSent = signed.Hash;
        }

        return signed;
    }

    public Task<TransactionReceipt> WaitForReceiptAsync(
        Hash32 transactionHash, int confirmations = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAndResyncOnDropAsync(transactionHash, confirmations, timeout, cancellationToken);

    public async Task<TransactionReceipt> SendAndWaitAsync(
        TransactionRequest request, int confirmations = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var signed = await SendAsync(request, cancellationToken);
        return await WaitForReceiptAsync(signed.Hash, confirmations, timeout, cancellationToken);
    }

    /// <summary>Forgets the cached nonce; the next send reads the pending count from the chain.</summary>
    public async Task ResyncNonceAsync(CancellationToken cancellationToken = default)
    {
        await using var lease = await _nonces.AcquireAsync(cancellationToken);
        lease.Next = null;
    }

    /// <summary>
    /// The cached nonce is good only while the node still knows the transaction sent with the one before it: after a
    /// reorg or a pool drop the chain has forgotten it, and a nonce past that gap would wait in the pool forever.
    /// </summary>
    private async Task<ulong> NextNonceAsync(NonceLease lease, CancellationToken cancellationToken)
    {
        if (lease.Next is { } cached && (lease.LastSent is not { } last || await _rpc.IsTransactionKnownAsync(last, cancellationToken)))
        {
            return cached;
        }

        return await _rpc.GetTransactionCountAsync(Account, "pending", cancellationToken);
    }

    private static void Accepted(NonceLease lease, SignedTransaction signed, ulong nonce)
    {
        lease.Next = nonce + 1;
        lease.LastSent = signed.Hash;
    }

    private async Task<TransactionReceipt> WaitAndResyncOnDropAsync(
        Hash32 transactionHash, int confirmations, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _receipts.WaitAsync(transactionHash, confirmations, timeout, cancellationToken);
        }
        catch (TransactionDroppedException)
        {
            await ResyncNonceAsync(cancellationToken);
            throw;
        }
    }

    private async Task<ulong> EstimateGasAsync(TransactionRequest request, CancellationToken cancellationToken)
    {
        var estimate = await _rpc.EstimateGasAsync(
            new CallRequest { From = Account, To = request.To, Data = request.Data, Value = request.Value }, cancellationToken);
        return checked(estimate + (estimate * (ulong)_options.GasMarginPercent / 100));
    }

    private async Task<Eip1559Fees> ResolveFeesAsync(TransactionRequest request, CancellationToken cancellationToken)
    {
        BigInteger maxFee, priority;
        if (request.MaxFeePerGas is { } givenMax && request.MaxPriorityFeePerGas is { } givenPriority)
        {
            (maxFee, priority) = (givenMax, givenPriority);
        }
        else
        {
            var suggested = await _rpc.SuggestFeesAsync(_options.MinPriorityFeePerGas, cancellationToken);
            maxFee = request.MaxFeePerGas ?? suggested.MaxFeePerGas;
            priority = request.MaxPriorityFeePerGas ?? suggested.MaxPriorityFeePerGas;
        }

        if (_options.MaxFeePerGasCap is { } cap && maxFee > cap)
        {
            maxFee = cap;
        }

        return new Eip1559Fees(maxFee, BigInteger.Min(priority, maxFee));
    }

    private static bool IsAlreadyKnown(JsonRpcException ex) =>
        ex.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("already imported", StringComparison.OrdinalIgnoreCase);

    /// <summary>The node refused a transaction because its account already used that nonce.</summary>
    public static bool IsNonceTooLow(JsonRpcException ex) =>
        ex is not null && (
        ex.RpcMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("nonce has already been used", StringComparison.OrdinalIgnoreCase));
}
