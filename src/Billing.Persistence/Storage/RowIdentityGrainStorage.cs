using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Billing.Persistence.Storage;

/// <summary>
/// Wraps the ADO.NET grain storage so that each grain's row is identified by its grain type, its state name and its
/// key exactly as given (see <see cref="StorageRowIdentity"/>). Everything else, including ETag checks and
/// <see cref="InconsistentStateException"/>, is the wrapped provider's.
/// </summary>
internal sealed class RowIdentityGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(StorageRowIdentity.StateType(stateName, grainId), StorageRowIdentity.VerbatimKey(grainId), grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(StorageRowIdentity.StateType(stateName, grainId), StorageRowIdentity.VerbatimKey(grainId), grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(StorageRowIdentity.StateType(stateName, grainId), StorageRowIdentity.VerbatimKey(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(StorageRowIdentity.StateType(stateName, grainId), StorageRowIdentity.VerbatimKey(grainId), grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(StorageRowIdentity.StateType(stateName, grainId), StorageRowIdentity.VerbatimKey(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(StorageRowIdentity.StateType(stateName, grainId), StorageRowIdentity.VerbatimKey(grainId), grainState, cancellationToken);

    // The wrapped provider loads its queries in its own lifecycle stage; it must still be started.
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
