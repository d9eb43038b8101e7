using Billing.Persistence.Sqlite;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Billing.Persistence.Storage;

/// <summary>
/// Grain storage on a SQLite file whose writes and clears queue on the file's <see cref="SqliteWriteGate"/>, so grain
/// turns wait for the write lock asynchronously instead of sleeping a thread. Reads pass straight through.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite runs every command synchronously, "async" ones included: called from a grain turn, the whole
/// write (serialization, statement, fsync) would run on the grain's scheduler and hold the channel. Each write runs on
/// the thread pool instead; the grain awaits it like any I/O and keeps serving while a snapshot is written behind.
/// </remarks>
internal sealed class SqliteGatedGrainStorage(IGrainStorage inner, SqliteWriteGate gate) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => Task.Run(() => inner.WriteStateAsync(stateName, grainId, grainState)));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        gate.WriteAsync(() => Task.Run(() => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken), cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => Task.Run(() => inner.ClearStateAsync(stateName, grainId, grainState)));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        gate.WriteAsync(() => Task.Run(() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken), cancellationToken);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
