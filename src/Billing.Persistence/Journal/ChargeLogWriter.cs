using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Billing.Core.Journal;

namespace Billing.Persistence.Journal;

/// <summary>
/// Group commit for the charge log of one database: appends from any number of channel grains queue here and one loop
/// writes everything queued in one transaction (one fsync), starting as soon as the previous commit has finished. A
/// record alone is written at once; a burst shares one commit. Each append completes when the batch that holds it is
/// durable, and fails when that batch's commit fails.
/// </summary>
internal sealed class ChargeLogWriter : IAsyncDisposable
{
    /// <summary>The meter operators and the load generator read the log's commits from (OpenTelemetry: add this name).</summary>
    public const string MeterName = "Billing.ChargeLog";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "billing.charge_log.commit.duration", "ms", "Time one group commit took, from its first statement to its durable end.");

    private static readonly Histogram<double> AppendWait = Meter.CreateHistogram<double>(
        "billing.charge_log.append.wait", "ms", "Time from an append to the end of the commit that made it durable (queueing included).");

    private static readonly Histogram<int> CommitRecords = Meter.CreateHistogram<int>(
        "billing.charge_log.commit.records", "{record}", "Records one group commit wrote.");

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Func<IReadOnlyList<ChargeRecord>, Task> _commit;
    private readonly TimeSpan _linger;
    private readonly int _maxBatchRecords;
    private readonly Task _loop;

    /// <param name="commit">Writes one batch in one transaction; throws when it did not commit.</param>
    /// <param name="linger">How long a batch waits for more appends once the first arrives; zero writes at once.</param>
    /// <param name="maxBatchRecords">Most records one commit holds (a bound on a transaction's size, not a target).</param>
    public ChargeLogWriter(Func<IReadOnlyList<ChargeRecord>, Task> commit, TimeSpan linger, int maxBatchRecords)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfLessThan(linger, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchRecords, 1);
        _commit = commit;
        _linger = linger;
        _maxBatchRecords = maxBatchRecords;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Commits so far; every commit is one transaction.</summary>
    public long Commits { get; private set; }

    public Task AppendAsync(IReadOnlyList<ChargeRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Continuations run on their own: a waiter's code must never run inside the writer's loop and delay the next batch.
        var append = new PendingAppend(records, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Stopwatch.GetTimestamp());
        if (!_queue.Writer.TryWrite(append))
        {
            return Task.FromException(new ObjectDisposedException(nameof(ChargeLogWriter), "The charge log is closed."));
        }

        // Cancelling stops the wait, not the write: a queued record may still become durable.
        return cancellationToken.CanBeCanceled ? append.Done.Task.WaitAsync(cancellationToken) : append.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>();
        var records = new List<ChargeRecord>();
        PendingAppend? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            if (_linger > TimeSpan.Zero && carried is null)
            {
                await Task.Delay(_linger);
            }

            if (carried is not null)
            {
                batch.Add(carried);
                records.AddRange(carried.Records);
                carried = null;
            }

            while (reader.TryRead(out var append))
            {
                if (records.Count > 0 && records.Count + append.Records.Count > _maxBatchRecords)
                {
                    // Kept whole for the next commit: one append is one channel's records and lands all or nothing.
                    carried = append;
                    break;
                }

                batch.Add(append);
                records.AddRange(append.Records);
            }

            await CommitAsync(batch, records);
            batch.Clear();
            records.Clear();
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch, List<ChargeRecord> records)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _commit(records);
            Commits++;
            var ended = Stopwatch.GetTimestamp();
            CommitDuration.Record(Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds);
            CommitRecords.Record(records.Count);
            if (AppendWait.Enabled)
            {
                foreach (var append in batch)
                {
                    AppendWait.Record(Stopwatch.GetElapsedTime(append.Queued, ended).TotalMilliseconds);
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var append in batch)
            {
                append.Done.TrySetException(ex);
            }

            return;
        }

        foreach (var append in batch)
        {
            append.Done.TrySetResult();
        }
    }

    private sealed record PendingAppend(IReadOnlyList<ChargeRecord> Records, TaskCompletionSource Done, long Queued);
}
