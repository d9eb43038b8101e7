using System.Text.Json;

namespace Billing.Evm.Rpc;

/// <summary>One answer of a batch request: a result or a JSON-RPC error, never both.</summary>
public sealed record RpcBatchResult(JsonElement? Result, JsonRpcException? Error)
{
    public JsonElement GetResultOrThrow() => Error is not null ? throw Error : Result ?? default;
}
