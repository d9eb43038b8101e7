using Billing.Core.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// The SQLite cluster whose charge log can be made to fail on demand (fault injection around the real journal): appends
/// fail without writing anything while <see cref="FailAppends"/> is set.
/// </summary>
public sealed class FailingLogSqliteGrainCluster : SqliteGrainCluster
{
    public new const string Collection = "Grains on SQLite, failing charge log";

    private volatile bool _failAppends;

    public bool FailAppends
    {
        get => _failAppends;
        set => _failAppends = value;
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        var real = services.Last(descriptor => descriptor.ServiceType == typeof(IChargeJournal));
        services.AddSingleton<IChargeJournal>(provider => new FailingChargeJournal(
            (IChargeJournal)real.ImplementationFactory!(provider), this));
    }

    private sealed class FailingChargeJournal(IChargeJournal inner, FailingLogSqliteGrainCluster faults) : IChargeJournal, IAsyncDisposable
    {
        public Task AppendAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken = default) =>
            faults.FailAppends ? Task.FromException(new IOException("injected: the charge log's commit failed")) : inner.AppendAsync(charges, cancellationToken);

        public IAsyncEnumerable<ChargeRecord> ReadAllAsync(CancellationToken cancellationToken = default) => inner.ReadAllAsync(cancellationToken);

        public IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, CancellationToken cancellationToken = default) =>
            inner.ReadChannelAsync(channelId, cancellationToken);

        public IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, long afterSequence, CancellationToken cancellationToken = default) =>
            inner.ReadChannelAsync(channelId, afterSequence, cancellationToken);

        public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
    }
}

[CollectionDefinition(FailingLogSqliteGrainCluster.Collection)]
public sealed class FailingLogSqliteClusterCollection : ICollectionFixture<FailingLogSqliteGrainCluster>;
