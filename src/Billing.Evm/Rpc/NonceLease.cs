namespace Billing.Evm.Rpc;

/// <summary>
/// The right to use one account's next nonce, held from reading it until the node accepted or refused the transaction
/// that used it. Whatever the holder sets here is what the next holder starts from; disposing releases it.
/// </summary>
public sealed class NonceLease : IAsyncDisposable
{
    private readonly Func<NonceLease, ValueTask> _release;
    private bool _released;

    public NonceLease(ulong? next, Hash32? lastSent, Func<NonceLease, ValueTask> release)
    {
        ArgumentNullException.ThrowIfNull(release);
        Next = next;
        LastSent = lastSent;
        _release = release;
    }

    /// <summary>Null when unknown: the next send reads it from the chain's pending count.</summary>
    public ulong? Next { get; set; }

    /// <summary>The last transaction the node accepted from this account; if the node forgets it, <see cref="Next"/> is stale.</summary>
    public Hash32? LastSent { get; set; }

    public ValueTask DisposeAsync()
    {
        if (_released)
        {
            return ValueTask.CompletedTask;
        }

        _released = true;
        return _release(this);
    }
}
