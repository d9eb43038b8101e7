using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.Server.Hosting;

namespace Billing.Server.Chain;

/// <summary>
/// The server key's nonces where several silos send from it (PostgreSQL storage): a sender holds the key's lock in the
/// shared database from reading the nonce until the node answered, and reads the nonce from the chain's pending count each
/// time, since another silo may have sent since. A silo that dies holding the lock loses it with its connection; what it
/// sent is in the pending count. (Not a grain: Orleans' default directory is eventually consistent and may briefly run two
/// activations of one grain while membership changes, which is when silos fail.)
/// </summary>
internal sealed class ClusterNonceAuthority(ClusterLocks locks, ulong chainId, Address account) : INonceAuthority
{
    private readonly string _name = $"billing:sender-nonce:{chainId}:{account}";

    // One lock connection per process at a time: this process's senders queue here rather than each holding a session.
    private readonly SemaphoreSlim _local = new(1, 1);

    public async ValueTask<NonceLease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _local.WaitAsync(cancellationToken);
        try
        {
            var held = await locks.AcquireAsync(_name, cancellationToken);
            return new NonceLease(next: null, lastSent: null, async _ =>
            {
                try
                {
                    await held.DisposeAsync();
                }
                finally
                {
                    _local.Release();
                }
            });
        }
        catch
        {
            _local.Release();
            throw;
        }
    }
}
