namespace Billing.X402;

/// <summary>
/// Why an x402 message was refused: a reason from <see cref="X402ErrorReasons"/> that goes on the wire, and a short
/// human message for logs and <c>invalidMessage</c>. Messages never quote secrets; they may name a JSON path.
/// </summary>
public sealed record X402Error
{
    public X402Error(string reason, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(message);
        Reason = reason;
        Message = message;
    }

    public string Reason { get; }

    public string Message { get; }

    public override string ToString() => $"{Reason}: {Message}";
}
