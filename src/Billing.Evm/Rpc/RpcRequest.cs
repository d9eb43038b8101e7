using System.Text.Json.Nodes;

namespace Billing.Evm.Rpc;

/// <summary>A method and its positional parameters, for batches.</summary>
public sealed record RpcRequest(string Method, params JsonNode?[] Parameters);
