using Billing.Persistence.Locks;

namespace Billing.Server.Hosting;

/// <summary>
/// Named locks for work one silo of the cluster at a time may do (sending from a shared key, a settlement run): in the
/// shared PostgreSQL database when there is one (<see cref="DatabaseLock"/>), and nothing to take on one node (SQLite),
/// where each caller's own process-wide lock already is the cluster's.
/// </summary>
public sealed class ClusterLocks(string? clusterStore)
{
    /// <summary>True when several processes may share the work, so the locks are taken in the database.</summary>
    public bool Shared => clusterStore is not null;

    /// <summary>Waits until no other process holds <paramref name="name"/>; disposing releases it.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) =>
        clusterStore is null ? NotShared.Instance : await DatabaseLock.AcquireAsync(clusterStore, name, cancellationToken);

    private sealed class NotShared : IAsyncDisposable
    {
        public static readonly NotShared Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
