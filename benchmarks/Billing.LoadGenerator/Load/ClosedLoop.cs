using System.Diagnostics;
using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// Maximum throughput: every channel sends its next paid request as soon as the previous one is answered, until the
/// time is up or its signed payments run out.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoadPoint> RunAsync<T>(VoucherQueues<T> payments, ChannelOperation<T> operation, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, payments.Channels).Select(channel => Task.Run(async () =>
        {
            var latencies = new LatencyHistogram();
            long errors = 0;
            while (Stopwatch.GetTimestamp() < deadline && payments.TryTake(channel, out var payment))
            {
                var sent = Stopwatch.GetTimestamp();
                if (await operation(channel, payment))
                {
                    latencies.RecordTicks(Stopwatch.GetTimestamp() - sent);
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

        return LoadPoint.From(all, results.Sum(r => r.errors), elapsed);
    }
}
