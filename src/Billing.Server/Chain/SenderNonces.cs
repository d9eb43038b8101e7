using System.Collections.Concurrent;
using Billing.Evm;
using Billing.Evm.Rpc;

namespace Billing.Server.Chain;

/// <summary>
/// The nonce authority of each account this server sends from, the same for every sender of the account (deposits and
/// refunds, claims): on a database the cluster shares, <see cref="ClusterNonceAuthority"/>; on one node, null, which
/// gives <see cref="TransactionSender"/> the process's own count.
/// </summary>
public sealed class SenderNonces(string? clusterStore)
{
    private readonly ConcurrentDictionary<(ulong ChainId, Address Account), INonceAuthority> _authorities = new();

    public INonceAuthority? For(ulong chainId, Address account) =>
        clusterStore is null ? null : _authorities.GetOrAdd((chainId, account), key => new ClusterNonceAuthority(clusterStore, key.ChainId, key.Account));
}
