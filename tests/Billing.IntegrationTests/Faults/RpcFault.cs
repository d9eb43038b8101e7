namespace Billing.IntegrationTests.Faults;

/// <summary>How the <see cref="RpcFaultProxy"/> misbehaves while a fault window is open.</summary>
public enum RpcFault
{
    /// <summary>Answers HTTP 503 with no JSON-RPC body, as an overloaded node or load balancer does.</summary>
    ServiceUnavailable,

    /// <summary>Answers HTTP 200 with a JSON-RPC "internal error" for every call, as a node with a failing backend does.</summary>
    JsonRpcError,

    /// <summary>Holds the request without answering until the window closes, past the client's own timeout.</summary>
    Hang,
}
