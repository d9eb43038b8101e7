using System.Text.Json.Nodes;

namespace Billing.Evm.Rpc;

/// <summary>Request objects of <c>eth_call</c>/<c>eth_estimateGas</c> and <c>eth_getLogs</c>.</summary>
internal static class RpcRequestObjects
{
    public static JsonObject CallObject(CallRequest request)
    {
        var call = new JsonObject();
        if (request.From is { } from)
        {
            call["from"] = RpcQuantity.Node(from);
        }

        if (request.To is { } to)
        {
            call["to"] = RpcQuantity.Node(to);
        }

        call["data"] = RpcQuantity.Node(request.Data);
        if (!request.Value.IsZero)
        {
            call["value"] = RpcQuantity.Node(request.Value);
        }

        if (request.Gas is { } gas)
        {
            call["gas"] = RpcQuantity.Node(gas);
        }

        return call;
    }

    public static JsonObject FilterObject(LogFilter filter)
    {
        var json = new JsonObject();
        if (filter.BlockHash is { } blockHash)
        {
            json["blockHash"] = RpcQuantity.Node(blockHash);
        }
        else
        {
            json["fromBlock"] = filter.FromBlock ?? "latest";
            json["toBlock"] = filter.ToBlock ?? "latest";
        }

        if (filter.Addresses.Count > 0)
        {
            json["address"] = new JsonArray(filter.Addresses.Select(a => (JsonNode?)RpcQuantity.Node(a)).ToArray());
        }

        if (filter.Topics.Count > 0)
        {
            json["topics"] = new JsonArray(filter.Topics.Select(position => position is null
                ? null
                : (JsonNode)new JsonArray(position.Select(t => (JsonNode?)RpcQuantity.Node(t)).ToArray())).ToArray());
        }

        return json;
    }
}
