using System.Collections.Concurrent;

namespace Billing.Evm.Rpc;

/// <summary>
/// The next nonce of one account on one chain behind one endpoint, shared by every sender in the process for that
/// account (two local chains may share a chain id, so the endpoint is part of the key). Callers hold
/// <see cref="Gate"/> from reading the nonce until the node accepted (or refused) the transaction that used it.
/// </summary>
internal sealed class AccountNonce
{
    private static readonly ConcurrentDictionary<(Uri Endpoint, ulong ChainId, Address Account), AccountNonce> Registry = new();

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Null when unknown: the next send reads it from the chain's pending count.</summary>
    public ulong? Next { get; set; }

    /// <summary>The last transaction the node accepted from this account; if the node forgets it, <see cref="Next"/> is stale.</summary>
    public Hash32? LastSent { get; set; }

    public static AccountNonce For(Uri endpoint, ulong chainId, Address account) =>
        Registry.GetOrAdd((endpoint, chainId, account), _ => new AccountNonce());
}
