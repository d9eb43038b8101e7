using System.Diagnostics;
using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// Runs streams and counts what they deliver: tokens, inter-token gaps and times to first token (one histogram per
/// channel, as each channel's streams run one after another). Paid when <paramref name="payments"/> is given: a stream
/// then counts only if the gateway stated its charge.
/// </summary>
public sealed class StreamRun(TokenStreams streams, StreamPayments? payments)
{
    /// <summary>The open loop's load as a fraction of the closed loop's streams per second: half, where every scenario reports latency.</summary>
    public const double HalfLoad = 0.5;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, (LatencyHistogram Gaps, LatencyHistogram FirstToken)> _latencies = [];
    private long _tokens;

    /// <summary>One stream on <paramref name="channel"/>, timed from now: true when it delivered tokens (and, paid, its charge).</summary>
    public ValueTask<bool> StreamAsync(int channel, int slot) => StreamAsync(channel, slot, Stopwatch.GetTimestamp());

    /// <summary>One stream whose time to first token counts from <paramref name="latencyFrom"/> (an open loop's due time).</summary>
    public async ValueTask<bool> StreamAsync(int channel, int slot, long latencyFrom)
    {
        (LatencyHistogram Gaps, LatencyHistogram FirstToken) latencies;
        lock (_gate)
        {
            if (!_latencies.TryGetValue(channel, out latencies))
            {
                latencies = (new LatencyHistogram(), new LatencyHistogram());
                _latencies[channel] = latencies;
            }
        }

        var outcome = await streams.StreamAsync(payments?.Next(channel), latencyFrom, latencies.Gaps, latencies.FirstToken);
        if (outcome is null)
        {
            return false;
        }

        if (outcome.Tokens == 0)
        {
            streams.Fail("a stream delivered no token");
            return false;
        }

        if (payments is not null)
        {
            if (outcome.ChargedCumulative is not { } charged)
            {
                streams.Fail("a paid stream ended without its x402-charge comment");
                return false;
            }

            payments.Charged(channel, charged);
        }

        Interlocked.Add(ref _tokens, outcome.Tokens);
        return true;
    }

    /// <summary>Untimed streams first: connections, grains, JIT.</summary>
    public Task WarmUpAsync(int streamsPerChannel, int channels)
    {
        var slots = StreamPayments.Slots(channels);
        slots.FillTo(streamsPerChannel);
        return ClosedLoop.RunAsync(slots, StreamAsync, TimeSpan.FromMinutes(2));
    }

    /// <summary>
    /// A timed closed loop, then an open loop at <see cref="HalfLoad"/> of its streams per second: tokens per second of
    /// the closed loop as throughput, its inter-token latency percentiles, and in the details streams per second, time to
    /// first token (closed loop, and at half load from each stream's due time) and this process's CPU time per token.
    /// </summary>
    public async Task<ScenarioResult> MeasureAsync(int streamsPerChannel, int channels, TimeSpan closedDuration, TimeSpan openDuration)
    {
        var slots = StreamPayments.Slots(channels);
        slots.FillTo(streamsPerChannel);
        var closed = await PhaseAsync(() => ClosedLoop.RunAsync(slots, StreamAsync, closedDuration));
        var halfRate = HalfLoadStreamsPerSecond(closed);
        var half = await OpenLoopAsync(halfRate, channels, openDuration);
        var point = closed.TokenPoint(null);
        return new ScenarioResult("", point.OpsPerSecond, point.P50Microseconds, point.P99Microseconds, point.P999Microseconds, closed.Streams.Errors + half.Streams.Errors)
        {
            Phases = [point, half.TokenPoint(halfRate)],
            Details = new Dictionary<string, double>
            {
                ["streams_per_s"] = Math.Round(closed.Streams.OpsPerSecond, 1),
                ["tokens_per_stream"] = Math.Round(closed.TokensPerStream, 2),
                ["stream_p50_us"] = Math.Round(closed.Streams.P50Microseconds, 1),
                ["stream_p99_us"] = Math.Round(closed.Streams.P99Microseconds, 1),
                ["first_token_p50_us"] = Math.Round(closed.FirstTokenMicroseconds(0.50), 1),
                ["first_token_p99_us"] = Math.Round(closed.FirstTokenMicroseconds(0.99), 1),
                ["process_cpu_us_per_token"] = Math.Round(closed.CpuMicrosecondsPerToken, 3),
                ["half_load_streams_per_s"] = Math.Round(halfRate, 1),
                ["half_load_first_token_p50_us"] = Math.Round(half.FirstTokenMicroseconds(0.50), 1),
                ["half_load_first_token_p99_us"] = Math.Round(half.FirstTokenMicroseconds(0.99), 1),
                ["half_load_stream_p50_us"] = Math.Round(half.Streams.P50Microseconds, 1),
                ["half_load_stream_p99_us"] = Math.Round(half.Streams.P99Microseconds, 1),
            },
        };
    }

    /// <summary>
    /// Streams offered at <paramref name="streamsPerSecond"/> whatever the server does (<see cref="OpenLoop"/>): a stream
    /// due while its channel is still busy has its wait counted in its time to first token.
    /// </summary>
    public Task<StreamPhase> OpenLoopAsync(double streamsPerSecond, int channels, TimeSpan duration) =>
        PhaseAsync(() => PhasedRun.OpenPhaseAsync(StreamPayments.Slots(channels), StreamAsync, streamsPerSecond, duration));

    /// <summary>Half of the closed loop's streams per second, at least one, as <see cref="PhasedRun"/> sets its open loops.</summary>
    private static double HalfLoadStreamsPerSecond(StreamPhase closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        return Math.Max(1, closed.Streams.OpsPerSecond * HalfLoad);
    }

    /// <summary>Runs one loop from a clean count and collects what its streams recorded.</summary>
    private async Task<StreamPhase> PhaseAsync(Func<Task<LoadPoint>> loop)
    {
        lock (_gate)
        {
            _latencies.Clear();
        }

        Interlocked.Exchange(ref _tokens, 0);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var point = await loop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var gaps = new LatencyHistogram();
        var firstToken = new LatencyHistogram();
        lock (_gate)
        {
            foreach (var (channelGaps, channelFirst) in _latencies.Values)
            {
                gaps.Add(channelGaps);
                firstToken.Add(channelFirst);
            }
        }

        return new StreamPhase(point, Interlocked.Read(ref _tokens), gaps, firstToken, cpu);
    }
}
