using System.Collections.Concurrent;
using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.Server.Hosting;

namespace Billing.Server.Chain;

/// <summary>
/// The nonce authority of each account this server sends from, the same for every sender of the account (deposits and
/// refunds, claims): where silos share the database, <see cref="ClusterNonceAuthority"/>; on one node, null, which gives
/// <see cref="TransactionSender"/> the process's own count.
/// </summary>
public sealed class SenderNonces(ClusterLocks locks)
{
    private readonly ConcurrentDictionary<(ulong ChainId, Address Account), INonceAuthority> _authorities = new();

    public INonceAuthority? For(ulong chainId, Address account) =>
        locks.Shared ? _authorities.GetOrAdd((chainId, account), key => new ClusterNonceAuthority(locks, key.ChainId, key.Account)) : null;
}
