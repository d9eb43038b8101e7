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
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (LatencyHistogram Gaps, LatencyHistogram FirstToken)> _latencies = [];
    private long _tokens;

    /// <summary>One stream on <paramref name="channel"/>: true when it delivered tokens (and, paid, its charge).</summary>
    public async ValueTask<bool> StreamAsync(int channel, int slot)
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

        var outcome = await streams.StreamAsync(payments?.Next(channel), latencies.Gaps, latencies.FirstToken);
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
    /// A timed closed loop from a clean count: tokens per second as throughput, inter-token latency percentiles, and in
    /// the details streams per second, time to first token and this process's CPU time per token.
    /// </summary>
    public async Task<ScenarioResult> MeasureAsync(int streamsPerChannel, int channels, TimeSpan duration)
    {
        lock (_gate)
        {
            _latencies.Clear();
        }

        Interlocked.Exchange(ref _tokens, 0);
        var slots = StreamPayments.Slots(channels);
        slots.FillTo(streamsPerChannel);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var closed = await ClosedLoop.RunAsync(slots, StreamAsync, duration);
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

        var tokens = Interlocked.Read(ref _tokens);
        var tokensPerSecond = tokens / Math.Max(closed.Seconds, 1e-9);
        var point = new LoadPoint(
            null, tokensPerSecond, gaps.PercentileMicroseconds(0.50), gaps.PercentileMicroseconds(0.99), gaps.PercentileMicroseconds(0.999), tokens, closed.Errors, closed.Seconds);
        return new ScenarioResult("", tokensPerSecond, point.P50Microseconds, point.P99Microseconds, point.P999Microseconds, closed.Errors)
        {
            Phases = [point],
            Details = new Dictionary<string, double>
            {
                ["streams_per_s"] = Math.Round(closed.OpsPerSecond, 1),
                ["tokens_per_stream"] = closed.Operations == 0 ? 0 : Math.Round((double)tokens / closed.Operations, 2),
                ["stream_p50_us"] = Math.Round(closed.P50Microseconds, 1),
                ["stream_p99_us"] = Math.Round(closed.P99Microseconds, 1),
                ["first_token_p50_us"] = Math.Round(firstToken.PercentileMicroseconds(0.50), 1),
                ["first_token_p99_us"] = Math.Round(firstToken.PercentileMicroseconds(0.99), 1),
                ["process_cpu_us_per_token"] = tokens == 0 ? 0 : Math.Round(cpu.TotalMicroseconds / tokens, 3),
            },
        };
    }
}
