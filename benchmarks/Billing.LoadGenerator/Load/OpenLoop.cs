using System.Diagnostics;
using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// Latency at a fixed offered load: requests are due on a schedule (spread evenly over the channels) whatever the server
/// does. When a channel's previous request is still running at the next due time, the wait counts as latency from the
/// due time (no coordinated omission); a send that is late only because of timer granularity is timed from the send.
/// </summary>
public static class OpenLoop
{
    public static Task<LoadPoint> RunAsync<T>(VoucherQueues<T> payments, ChannelOperation<T> operation, double ratePerSecond, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunAsync(payments, (channel, payment, _) => operation(channel, payment), ratePerSecond, duration);
    }

    /// <summary>The operation is told when its latency counts from, to time parts of itself the same way.</summary>
    public static async Task<LoadPoint> RunAsync<T>(VoucherQueues<T> payments, TimedChannelOperation<T> operation, double ratePerSecond, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        var channels = payments.Channels;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, channels).Select(channel => Task.Run(async () =>
        {
            var latencies = new LatencyHistogram();
            long errors = 0;
            var previousDone = started;
            for (long j = 0; ; j++)
            {
                var due = started + (long)((channel + (j * channels)) / ratePerSecond * Stopwatch.Frequency);
                if (due >= end || !payments.TryTake(channel, out var payment))
                {
                    break;
                }

                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var sent = Stopwatch.GetTimestamp();
                var from = previousDone > due ? due : sent;
                var ok = await operation(channel, payment, from);
                previousDone = Stopwatch.GetTimestamp();
                if (ok)
                {
                    latencies.RecordTicks(previousDone - from);
                }
                else
                {
                    errors++;
                }
            }

            return (latencies, errors);
        })).ToArray();

        var results = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = new LatencyHistogram();
        foreach (var (latencies, _) in results)
        {
            all.Add(latencies);
        }

        return LoadPoint.From(all, results.Sum(r => r.errors), elapsed, ratePerSecond);
    }
}
