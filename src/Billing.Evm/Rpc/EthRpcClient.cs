using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Billing.Evm.Abi;

namespace Billing.Evm.Rpc;

/// <summary>
/// Ethereum JSON-RPC over HTTP. JSON-RPC error objects become <see cref="JsonRpcException"/>; reverts of calls and gas
/// estimates become <see cref="EvmRevertException"/>; transport failures are retried with exponential back-off (only
/// where resending the identical request is harmless) and finally surface as <see cref="EthRpcTransportException"/>.
/// </summary>
public sealed class EthRpcClient
{
    private readonly JsonRpcTransport _transport;
    private readonly EthRpcOptions _options;

    public EthRpcClient(HttpClient http, Uri endpoint, EthRpcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _options = options ?? new EthRpcOptions();
        _transport = new JsonRpcTransport(http, endpoint, _options);
        Anvil = new AnvilMethods(this);
    }

    public Uri Endpoint { get; }

    /// <summary>Anvil's test-only methods (state manipulation, mining, snapshots).</summary>
    public AnvilMethods Anvil { get; }

    public async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        RpcQuantity.Parse(await SendAsync("eth_chainId", [], cancellationToken));

    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        RpcQuantity.Parse(await SendAsync("eth_blockNumber", [], cancellationToken));

    public async Task<ulong> GetTransactionCountAsync(Address account, string blockTag = "pending", CancellationToken cancellationToken = default) =>
        RpcQuantity.Parse(await SendAsync("eth_getTransactionCount", [RpcQuantity.Node(account), blockTag], cancellationToken));

    public async Task<BigInteger> GetBalanceAsync(Address account, string blockTag = "latest", CancellationToken cancellationToken = default) =>
        RpcQuantity.ParseBig(await SendAsync("eth_getBalance", [RpcQuantity.Node(account), blockTag], cancellationToken));

    public async Task<byte[]> GetCodeAsync(Address account, string blockTag = "latest", CancellationToken cancellationToken = default) =>
        RpcQuantity.ParseData(await SendAsync("eth_getCode", [RpcQuantity.Node(account), blockTag], cancellationToken));

    public async Task<Hash32> GetStorageAtAsync(Address account, Hash32 slot, string blockTag = "latest", CancellationToken cancellationToken = default) =>
        Hash32.Parse(RpcQuantity.RequireString(
            await SendAsync("eth_getStorageAt", [RpcQuantity.Node(account), RpcQuantity.Node(slot), blockTag], cancellationToken)));

    public Task<byte[]> CallAsync(Address to, byte[] data, string blockTag = "latest", CancellationToken cancellationToken = default) =>
        CallAsync(new CallRequest { To = to, Data = data }, blockTag, cancellationToken);

    /// <summary><c>eth_call</c>; a revert throws <see cref="EvmRevertException"/> with the decoded reason.</summary>
    public async Task<byte[]> CallAsync(CallRequest request, string blockTag = "latest", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return RpcQuantity.ParseData(await SendAsync("eth_call", [RpcRequestObjects.CallObject(request), blockTag], cancellationToken));
        }
        catch (JsonRpcException ex) when (RevertDetection.TryRead(ex, _options.KnownErrors, out var reason))
        {
            throw new EvmRevertException(reason, ex);
        }
    }

    /// <summary><c>eth_estimateGas</c>; a revert throws <see cref="EvmRevertException"/>.</summary>
    public async Task<ulong> EstimateGasAsync(CallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return RpcQuantity.Parse(await SendAsync("eth_estimateGas", [RpcRequestObjects.CallObject(request)], cancellationToken));
        }
        catch (JsonRpcException ex) when (RevertDetection.TryRead(ex, _options.KnownErrors, out var reason))
        {
            throw new EvmRevertException(reason, ex);
        }
    }

    public async Task<FeeHistory> GetFeeHistoryAsync(
        int blockCount, string newestBlock, IReadOnlyList<double> rewardPercentiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardPercentiles);
        var percentiles = new JsonArray(rewardPercentiles.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        var result = await SendAsync("eth_feeHistory", [RpcQuantity.Node((ulong)blockCount), newestBlock, percentiles], cancellationToken);
        return RpcResultReader.ReadFeeHistory(result);
    }

    /// <summary>
    /// EIP-1559 fees from the last blocks: priority fee = median of the 50th-percentile tips (at least
    /// <paramref name="minimumPriorityFee"/>), max fee = 2 × next base fee + priority fee, which survives six full blocks.
    /// </summary>
    public async Task<Eip1559Fees> SuggestFeesAsync(BigInteger? minimumPriorityFee = null, CancellationToken cancellationToken = default)
    {
        var history = await GetFeeHistoryAsync(10, "latest", [50], cancellationToken);
        var nextBaseFee = history.BaseFeePerGas.Count > 0 ? history.BaseFeePerGas[^1] : BigInteger.Zero;
        var tips = history.Reward.Where(r => r.Count > 0).Select(r => r[0]).Order().ToArray();
        var priority = tips.Length > 0 ? tips[tips.Length / 2] : BigInteger.Zero;
        var floor = minimumPriorityFee ?? BigInteger.One;
        if (priority < floor)
        {
            priority = floor;
        }

        return new Eip1559Fees((2 * nextBaseFee) + priority, priority);
    }

    /// <summary>Sends signed bytes; an "already known" answer for these same bytes counts as success.</summary>
    public async Task<Hash32> SendRawTransactionAsync(byte[] rawTransaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawTransaction);
        try
        {
            var result = await SendAsync("eth_sendRawTransaction", [RpcQuantity.Node(rawTransaction)], cancellationToken);
            return Hash32.Parse(RpcQuantity.RequireString(result));
        }
        catch (JsonRpcException ex) when (ex.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
            || ex.RpcMessage.Contains("known transaction", StringComparison.OrdinalIgnoreCase))
        {
            // A retried send whose first attempt did arrive: the node already holds exactly these bytes.
            return Keccak256.Hash(rawTransaction);
        }
    }

    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(Hash32 transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getTransactionReceipt", [RpcQuantity.Node(transactionHash)], cancellationToken);
        return result.ValueKind == JsonValueKind.Null ? null : RpcResultReader.ReadReceipt(result);
    }

    /// <summary>True when the node knows the transaction (pending or mined); false when it never saw it or dropped it.</summary>
    public async Task<bool> IsTransactionKnownAsync(Hash32 transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getTransactionByHash", [RpcQuantity.Node(transactionHash)], cancellationToken);
        return result.ValueKind != JsonValueKind.Null;
    }

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await SendAsync("eth_getLogs", [RpcRequestObjects.FilterObject(filter)], cancellationToken);
        return result.ValueKind == JsonValueKind.Array ? result.EnumerateArray().Select(RpcResultReader.ReadLog).ToArray() : [];
    }

    /// <summary>A block by tag ("latest", "safe", "finalized", "pending", "earliest") or 0x number; null when unknown.</summary>
    public async Task<BlockHeader?> GetBlockByNumberAsync(string blockTagOrNumber, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getBlockByNumber", [blockTagOrNumber, false], cancellationToken);
        return result.ValueKind == JsonValueKind.Null ? null : RpcResultReader.ReadBlock(result);
    }

    public Task<BlockHeader?> GetBlockByNumberAsync(ulong number, CancellationToken cancellationToken = default) =>
        GetBlockByNumberAsync(RpcQuantity.Encode(number), cancellationToken);

    /// <summary>One JSON-RPC call; returns the <c>result</c> member.</summary>
    public Task<JsonElement> SendAsync(string method, JsonNode?[] parameters, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(method, parameters, cancellationToken);

    /// <summary>Several calls in one HTTP request; answers come back in request order whatever order the node used.</summary>
    public Task<IReadOnlyList<RpcBatchResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default) =>
        _transport.SendBatchAsync(requests, cancellationToken);
}
