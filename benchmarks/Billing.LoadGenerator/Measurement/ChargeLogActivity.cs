using System.Diagnostics.Metrics;
using System.Text.Json.Serialization;

namespace Billing.LoadGenerator.Measurement;

/// <summary>
/// The charge log's group commits during one phase, read from the server's own meter (Billing.ChargeLog) in this
/// process: how many, how many records each, how long each took, and how long an append waited until it was durable.
/// It tells whether a strict request's time goes to the commit itself or to queueing for it.
/// </summary>
public sealed record ChargeLogActivity(
    [property: JsonPropertyName("commits")] int Commits,
    [property: JsonPropertyName("records_per_commit")] double RecordsPerCommit,
    [property: JsonPropertyName("commit_p50_ms")] double CommitP50Milliseconds,
    [property: JsonPropertyName("commit_p99_ms")] double CommitP99Milliseconds,
    [property: JsonPropertyName("append_wait_p50_ms")] double AppendWaitP50Milliseconds,
    [property: JsonPropertyName("append_wait_p99_ms")] double AppendWaitP99Milliseconds)
{
    public override string ToString() =>
        $"charge log: {Commits} commits, {RecordsPerCommit:F1} records each, commit p50 {CommitP50Milliseconds:F2} ms / p99 {CommitP99Milliseconds:F2} ms, " +
        $"append to durable p50 {AppendWaitP50Milliseconds:F2} ms / p99 {AppendWaitP99Milliseconds:F2} ms";

    /// <summary>Listens to the charge log's meter until disposed.</summary>
    public sealed class Recorder : IDisposable
    {
        private const string MeterName = "Billing.ChargeLog";
        private readonly MeterListener _listener = new();
        private readonly List<double> _commitMs = [];
        private readonly List<double> _waitMs = [];
        private long _records;

        public Recorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            {
                var into = instrument.Name.EndsWith(".commit.duration", StringComparison.Ordinal) ? _commitMs : _waitMs;
                lock (into)
                {
                    into.Add(value);
                }
            });
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref _records, value));
            _listener.Start();
        }

        /// <summary>What was recorded so far; null when the scenario wrote no charge log (windowed grain paths do, too).</summary>
        public ChargeLogActivity? Result()
        {
            double[] commits;
            double[] waits;
            lock (_commitMs)
            {
                commits = [.. _commitMs];
            }

            lock (_waitMs)
            {
                waits = [.. _waitMs];
            }

            if (commits.Length == 0)
            {
                return null;
            }

            Array.Sort(commits);
            Array.Sort(waits);
            return new ChargeLogActivity(
                commits.Length,
                Interlocked.Read(ref _records) / (double)commits.Length,
                Percentile(commits, 0.50),
                Percentile(commits, 0.99),
                Percentile(waits, 0.50),
                Percentile(waits, 0.99));
        }

        public void Dispose() => _listener.Dispose();

        private static double Percentile(double[] sorted, double quantile) =>
            sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
    }
}
