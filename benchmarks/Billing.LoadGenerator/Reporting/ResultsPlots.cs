using Billing.LoadGenerator.Measurement;
using ScottPlot;

namespace Billing.LoadGenerator.Reporting;

/// <summary>PNG plots: HTTP latency percentiles against offered load (ours and the reference's), and throughput bars.</summary>
public static class ResultsPlots
{
    public const string LatencyFile = "latency-vs-load.png";
    public const string ThroughputFile = "throughput.png";

    public static IReadOnlyList<string> Write(IReadOnlyList<ScenarioResult> scenarios, string folder)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var written = new List<string>();
        // memory-per-channel's rate is channels activated per second: not a throughput to set beside the others.
        var ran = scenarios.Where(s => s.Ran && s.OpsPerSecond > 0 && s.Name != Scenarios.MemoryPerChannelScenario.Name).ToArray();
        var http = ran.Where(s => s.Name.StartsWith("http-", StringComparison.Ordinal)).ToArray();
        if (http.Length > 0)
        {
            WriteLatency(http, Path.Combine(folder, LatencyFile));
            written.Add(LatencyFile);
        }

        if (ran.Length > 0)
        {
            WriteThroughput(ran, Path.Combine(folder, ThroughputFile));
            written.Add(ThroughputFile);
        }

        return written;
    }

    private static void WriteLatency(IReadOnlyList<ScenarioResult> scenarios, string path)
    {
        var plot = new Plot();
        foreach (var scenario in scenarios)
        {
            var open = scenario.Phases.Where(p => p.OfferedPerSecond is not null).OrderBy(p => p.OfferedPerSecond).ToArray();
            if (open.Length == 0)
            {
                continue;
            }

            var load = open.Select(p => p.OfferedPerSecond!.Value).ToArray();
            var p50 = plot.Add.Scatter(load, open.Select(p => Log10(p.P50Microseconds)).ToArray());
            p50.LegendText = $"{scenario.Name} p50";
            var p99 = plot.Add.Scatter(load, open.Select(p => Log10(p.P99Microseconds)).ToArray());
            p99.LegendText = $"{scenario.Name} p99";
            p99.LinePattern = LinePattern.Dashed;
            p99.Color = p50.Color;
        }

        plot.Title("Paid request latency against offered load (open loop)");
        plot.XLabel("offered load (requests/s)");
        plot.YLabel("latency (log scale)");
        plot.Axes.Left.TickGenerator = LogLatencyTicks();
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 600);
    }

    // Latencies span from tens of microseconds to seconds: on a linear axis everything under a second is one flat line.
    private static double Log10(double microseconds) => Math.Log10(Math.Max(microseconds, 1));

    private static ScottPlot.TickGenerators.NumericManual LogLatencyTicks()
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        string[] labels = ["1 µs", "10 µs", "100 µs", "1 ms", "10 ms", "100 ms", "1 s", "10 s"];
        for (var decade = 0; decade < labels.Length; decade++)
        {
            ticks.AddMajor(decade, labels[decade]);
            for (var step = 2; step < 10 && decade + 1 < labels.Length; step++)
            {
                ticks.AddMinor(decade + Math.Log10(step));
            }
        }

        return ticks;
    }

    private static void WriteThroughput(IReadOnlyList<ScenarioResult> scenarios, string path)
    {
        var plot = new Plot();
        var bars = scenarios.Select((s, i) => new Bar { Position = i, Value = s.OpsPerSecond, Label = s.OpsPerSecond.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) }).ToArray();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks(scenarios.Select((_, i) => (double)i).ToArray(), scenarios.Select(s => s.Name).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 140;
        plot.Axes.Right.MinimumSize = 110;
        plot.Axes.Margins(bottom: 0);
        plot.Title("Throughput (closed loop; recover-* single thread)");
        plot.YLabel("operations/s");
        plot.SavePng(path, 1000, 600);
    }
}
