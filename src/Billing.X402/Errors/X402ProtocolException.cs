namespace Billing.X402;

/// <summary>Thrown by the throwing conveniences (<see cref="X402Result{T}.Value"/>) when a message was refused.</summary>
public sealed class X402ProtocolException : Exception
{
    public X402ProtocolException()
        : this(new X402Error(X402ErrorReasons.InvalidPayload, "invalid x402 message"))
    {
    }

    public X402ProtocolException(string message)
        : this(new X402Error(X402ErrorReasons.InvalidPayload, message))
    {
    }

    public X402ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new X402Error(X402ErrorReasons.InvalidPayload, message);
    }

    public X402ProtocolException(X402Error error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public X402Error Error { get; }

    public string Reason => Error.Reason;
}
