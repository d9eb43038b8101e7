namespace Billing.Evm.Rpc;

/// <summary>The node answered with a JSON-RPC error object.</summary>
public class JsonRpcException : Exception
{
    public JsonRpcException()
    {
    }

    public JsonRpcException(string message)
        : base(message)
    {
    }

    public JsonRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JsonRpcException(string method, long code, string rpcMessage, string? data)
        : base($"{method} failed with JSON-RPC error {code}: {rpcMessage}")
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        ErrorData = data;
    }

    public string Method { get; } = string.Empty;

    public long Code { get; }

    /// <summary>The error object's <c>message</c>.</summary>
    public string RpcMessage { get; } = string.Empty;

    /// <summary>The error object's <c>data</c> as raw JSON, or null when absent.</summary>
    public string? ErrorData { get; }
}
