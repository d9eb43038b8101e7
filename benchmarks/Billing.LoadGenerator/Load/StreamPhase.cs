using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// One timed phase of streams: the loop's own point, whose operations are streams (latency: a whole stream, from its
/// due time in an open loop), and what those streams recorded: tokens, inter-token gaps, times to first token, and
/// this process's CPU time.
/// </summary>
public sealed record StreamPhase(LoadPoint Streams, long Tokens, LatencyHistogram Gaps, LatencyHistogram FirstToken, TimeSpan Cpu)
{
    public double TokensPerSecond => Tokens / Math.Max(Streams.Seconds, 1e-9);

    public double TokensPerStream => Streams.Operations == 0 ? 0 : (double)Tokens / Streams.Operations;

    public double FirstTokenMicroseconds(double quantile) => FirstToken.PercentileMicroseconds(quantile);

    public double CpuMicrosecondsPerToken => Tokens == 0 ? 0 : Cpu.TotalMicroseconds / Tokens;

    /// <summary>
    /// The phase as the stream scenarios report phases: one op is one token, latency the inter-token gap; an open loop
    /// offered <paramref name="offeredStreamsPerSecond"/> streams a second, that is this phase's tokens per stream as many tokens.
    /// </summary>
    public LoadPoint TokenPoint(double? offeredStreamsPerSecond) =>
        new(
            offeredStreamsPerSecond * TokensPerStream,
            TokensPerSecond,
            Gaps.PercentileMicroseconds(0.50),
            Gaps.PercentileMicroseconds(0.99),
            Gaps.PercentileMicroseconds(0.999),
            Tokens,
            Streams.Errors,
            Streams.Seconds)
        {
            Runtime = PerToken(Streams.Runtime),
            ChargeLog = Streams.ChargeLog,
        };

    /// <summary>The loop counted its allocations and CPU per stream; this phase's operations are tokens.</summary>
    private RuntimeActivity? PerToken(RuntimeActivity? perStream) =>
        perStream is null || Tokens == 0
            ? perStream
            : perStream with
            {
                AllocatedBytesPerOperation = perStream.AllocatedBytesPerOperation / TokensPerStream,
                CpuMicrosecondsPerOperation = perStream.CpuMicrosecondsPerOperation / TokensPerStream,
            };
}
