using System.Collections.Concurrent;

namespace Billing.Evm.Rpc;

/// <summary>
/// The nonce authority of one process: the next nonce of one account on one chain behind one endpoint, shared by every
/// sender in the process for that account (two local chains may share a chain id, so the endpoint is part of the key).
/// Enough where one process sends from the account; a cluster whose silos share a key needs one authority for all.
/// </summary>
internal sealed class AccountNonce : INonceAuthority
{
    private static readonly ConcurrentDictionary<(Uri Endpoint, ulong ChainId, Address Account), AccountNonce> Registry = new();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ulong? _next;
    private Hash32? _lastSent;

    private AccountNonce()
    {
    }

    public static AccountNonce For(Uri endpoint, ulong chainId, Address account) =>
        Registry.GetOrAdd((endpoint, chainId, account), _ => new AccountNonce());

    public async ValueTask<NonceLease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new NonceLease(_next, _lastSent, lease =>
        {
            _next = lease.Next;
            _lastSent = lease.LastSent;
            _gate.Release();
            return ValueTask.CompletedTask;
        });
    }
}
