namespace Billing.Evm.Rpc;

/// <summary>The node could not be reached, or did not answer with JSON-RPC, after every allowed attempt.</summary>
public sealed class EthRpcTransportException : Exception
{
    public EthRpcTransportException()
    {
    }

    public EthRpcTransportException(string message)
        : base(message)
    {
    }

    public EthRpcTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EthRpcTransportException(string method, int attempts, string message, Exception? innerException)
        : base($"{method}: {message} (after {attempts} attempt{(attempts == 1 ? string.Empty : "s")})", innerException)
    {
        Method = method;
        Attempts = attempts;
    }

    public string Method { get; } = string.Empty;

    public int Attempts { get; }
}
