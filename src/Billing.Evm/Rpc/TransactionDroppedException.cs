namespace Billing.Evm.Rpc;

/// <summary>A sent transaction vanished from the node (evicted, replaced, or lost in a reorg) before it was mined.</summary>
public sealed class TransactionDroppedException : Exception
{
    public TransactionDroppedException()
    {
    }

    public TransactionDroppedException(string message)
        : base(message)
    {
    }

    public TransactionDroppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransactionDroppedException(Hash32 transactionHash)
        : base($"Transaction {transactionHash} is no longer known to the node.")
    {
        TransactionHash = transactionHash;
    }

    public Hash32 TransactionHash { get; }
}
