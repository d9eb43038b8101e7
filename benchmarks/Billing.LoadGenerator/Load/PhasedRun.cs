using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// The phases every channel scenario runs: untimed warm-up, closed loop for maximum throughput, then open loops at
/// fractions of it for latency. Payments for each phase are signed before it starts.
/// </summary>
public static class PhasedRun
{
    /// <param name="referenceRates">Rates the reference server was offered in this run: ours runs at them too, after its own.</param>
    public static async Task<(LoadPoint Closed, IReadOnlyList<LoadPoint> Open)> RunAsync<T>(
        LoadSettings settings, VoucherQueues<T> payments, ChannelOperation<T> operation, TextWriter log, IReadOnlyList<double>? referenceRates = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(log);

        payments.FillTo(settings.WarmupPerChannel);
        var warm = await ClosedLoop.RunAsync(payments, operation, TimeSpan.FromMinutes(2));
        if (warm.Errors > 0)
        {
            log.WriteLine($"    warm-up: {warm.Errors} of {warm.Operations + warm.Errors} requests failed");
        }

        payments.FillTo(settings.ClosedLoopVouchersPerChannel);

        // Flushed at once: a profiler attached now (dotnet-trace -p, see benchmarks/README.md) sees the closed loop alone.
        log.WriteLine($"    closed loop: starting for {settings.ClosedLoopDuration.TotalSeconds:F0} s (process {Environment.ProcessId})");
        log.Flush();
        var mark = RuntimeActivity.Start();
        var commits = new ChargeLogActivity.Recorder();
        var closed = await ClosedLoop.RunAsync(payments, operation, settings.ClosedLoopDuration);
        closed = closed with { Runtime = RuntimeActivity.Since(mark, closed.Operations), ChargeLog = Stop(commits) };
        log.WriteLine($"    closed loop: {closed.OpsPerSecond:F0} ops/s, p50 {closed.P50Microseconds:F0} µs, p99 {closed.P99Microseconds:F0} µs, {closed.Errors} errors");
        log.WriteLine($"      {closed.Runtime}");
        WriteChargeLog(log, closed);

        var open = new List<LoadPoint>();
        var rates = settings.OpenLoopFractions.Select(f => (Rate: Math.Max(1, closed.OpsPerSecond * f), Reference: false))
            .Concat((referenceRates ?? []).Select(r => (Rate: r, Reference: true)));
        foreach (var (rate, reference) in rates)
        {
            var point = await OpenPhaseAsync(payments, (channel, payment, _) => operation(channel, payment), rate, settings.OpenLoopDuration);
            point = point with { AtReferenceLoad = reference };
            log.WriteLine($"    open loop at {rate:F0}/s{(reference ? " (the reference's load)" : "")}: p50 {point.P50Microseconds:F0} µs, p99 {point.P99Microseconds:F0} µs, p99.9 {point.P999Microseconds:F0} µs, {point.Errors} errors");
            log.WriteLine($"      {point.Runtime}");
            WriteChargeLog(log, point);
            open.Add(point);
        }

        return (closed, open);
    }

    /// <summary>
    /// One open-loop phase at <paramref name="rate"/> operations a second, with payments for all of it signed first and
    /// what the runtime and the charge log did during it.
    /// </summary>
    public static async Task<LoadPoint> OpenPhaseAsync<T>(VoucherQueues<T> payments, TimedChannelOperation<T> operation, double rate, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var perChannel = (int)Math.Ceiling(rate * duration.TotalSeconds / payments.Channels) + 1;
        payments.FillTo(perChannel);
        var mark = RuntimeActivity.Start();
        var commits = new ChargeLogActivity.Recorder();
        var point = await OpenLoop.RunAsync(payments, operation, rate, duration);
        return point with { Runtime = RuntimeActivity.Since(mark, point.Operations), ChargeLog = Stop(commits) };
    }

    private static ChargeLogActivity? Stop(ChargeLogActivity.Recorder recorder)
    {
        using (recorder)
        {
            return recorder.Result();
        }
    }

    private static void WriteChargeLog(TextWriter log, LoadPoint point)
    {
        if (point.ChargeLog is { } charges)
        {
            log.WriteLine($"      {charges}");
        }
    }
}
