using System.Numerics;
using System.Text.Json;

namespace Billing.Evm.Rpc;

/// <summary>Maps JSON-RPC result objects onto our records, refusing missing or malformed fields.</summary>
internal static class RpcResultReader
{
    public static TransactionReceipt ReadReceipt(JsonElement e) => new(
        Hash(e, "transactionHash"),
        Quantity(e, "blockNumber"),
        Hash(e, "blockHash"),
        Quantity(e, "transactionIndex"),
        Address(e, "from"),
        OptionalAddress(e, "to"),
        OptionalAddress(e, "contractAddress"),
        Quantity(e, "status") == 1,
        Quantity(e, "gasUsed"),
        e.TryGetProperty("effectiveGasPrice", out var price) && price.ValueKind == JsonValueKind.String ? RpcQuantity.ParseBig(price) : BigInteger.Zero,
        Property(e, "logs").EnumerateArray().Select(ReadLog).ToArray());

    public static LogEntry ReadLog(JsonElement e) => new(
        Address(e, "address"),
        Property(e, "topics").EnumerateArray().Select(t => Hash32.Parse(RpcQuantity.RequireString(t))).ToArray(),
        RpcQuantity.ParseData(Property(e, "data")),
        OptionalQuantity(e, "blockNumber"),
        OptionalHash(e, "blockHash"),
        OptionalHash(e, "transactionHash"),
        OptionalQuantity(e, "transactionIndex"),
        OptionalQuantity(e, "logIndex"),
        e.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);

    public static BlockHeader ReadBlock(JsonElement e) => new(
        Quantity(e, "number"),
        Hash(e, "hash"),
        Hash(e, "parentHash"),
        Quantity(e, "timestamp"),
        Quantity(e, "gasLimit"),
        Quantity(e, "gasUsed"),
        e.TryGetProperty("baseFeePerGas", out var baseFee) && baseFee.ValueKind == JsonValueKind.String ? RpcQuantity.ParseBig(baseFee) : null,
        e.TryGetProperty("transactions", out var txs) && txs.ValueKind == JsonValueKind.Array
            ? txs.EnumerateArray()
                .Select(t => t.ValueKind == JsonValueKind.String ? Hash32.Parse(t.GetString()!) : Hash(t, "hash"))
                .ToArray()
            : []);

    public static FeeHistory ReadFeeHistory(JsonElement e) => new(
        Quantity(e, "oldestBlock"),
        Property(e, "baseFeePerGas").EnumerateArray().Select(RpcQuantity.ParseBig).ToArray(),
        e.TryGetProperty("gasUsedRatio", out var ratios) && ratios.ValueKind == JsonValueKind.Array
            ? ratios.EnumerateArray().Select(r => r.GetDouble()).ToArray()
            : [],
        e.TryGetProperty("reward", out var rewards) && rewards.ValueKind == JsonValueKind.Array
            ? rewards.EnumerateArray().Select(r => (IReadOnlyList<BigInteger>)r.EnumerateArray().Select(RpcQuantity.ParseBig).ToArray()).ToArray()
            : []);

    private static JsonElement Property(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value)
            ? value
            : throw new EvmDecodingException($"JSON-RPC result lacks '{name}'.");

    private static ulong Quantity(JsonElement e, string name) => RpcQuantity.Parse(Property(e, name));

    private static ulong? OptionalQuantity(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? RpcQuantity.Parse(value) : null;

    private static Hash32 Hash(JsonElement e, string name) =>
        Hash32.TryParse(RpcQuantity.RequireString(Property(e, name)), out var hash)
            ? hash
            : throw new EvmDecodingException($"'{name}' is not a 32-byte hash.");

    private static Hash32? OptionalHash(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Hash32.Parse(value.GetString()!) : null;

    private static Address Address(JsonElement e, string name) =>
        Evm.Address.TryParse(RpcQuantity.RequireString(Property(e, name)), out var address)
            ? address
            : throw new EvmDecodingException($"'{name}' is not an address.");

    private static Address? OptionalAddress(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Evm.Address.Parse(value.GetString()!) : null;
}
