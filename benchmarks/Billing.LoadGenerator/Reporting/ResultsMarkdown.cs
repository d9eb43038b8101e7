using System.Globalization;
using System.Text;
using Billing.LoadGenerator.Measurement;
using Billing.LoadGenerator.Scenarios;

namespace Billing.LoadGenerator.Reporting;

/// <summary>results.md: the machine and command, the summary table, then each scenario's settings and phases.</summary>
public static class ResultsMarkdown
{
    public static string Render(BenchmarkReport report, IReadOnlyList<string> plots)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(plots);
        var md = new StringBuilder();
        var m = report.Machine;
        md.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark results {report.StartedUtc:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{report.Command}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {m.Cpu}, {m.Cores} cores, {m.MemoryGib} GiB, {m.OperatingSystem}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Runtime: {m.DotNet}, server GC {m.ServerGc}, secp256k1 {m.Secp256k1Implementation}; load average at start {m.LoadAverage}");
        md.AppendLine("- Load generator, our server and the reference server share the same cores; figures are printed, never asserted.");
        md.AppendLine("- ops/s: closed-loop maximum. p50/p99/p99.9: open loop at half of it, timed from each request's due time when the channel was still busy (no coordinated omission).");
        md.AppendLine("- CPU µs/op: the load generator's process (our server runs in it; the reference server is a node process of its own, so its row counts the clients alone). Cores busy: all cores, every process, from /proc/stat.");
        md.AppendLine("- stream-tokens*: one op is one metered token, latency is the gap between token chunks at the client (closed loop), time to first token at half load in the details; memory-per-channel and settlement-*: see their details.");
        md.AppendLine();
        md.AppendLine(SummaryTable(report.Scenarios));
        md.AppendLine("## Ratios");
        md.AppendLine();
        foreach (var (name, value) in report.Ratios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- `{name}`: {(value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a")}");
        }

        md.AppendLine();
        md.Append(SameLoadTable(report.Scenarios));
        md.Append(StreamTables(report.Scenarios));
        foreach (var plot in plots)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"![{plot}]({plot})");
        }

        md.AppendLine();
        foreach (var s in report.Scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {s.Name}");
            md.AppendLine();
            if (!s.Ran)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"Not available: {s.Note}");
                md.AppendLine();
                continue;
            }

            md.AppendLine(CultureInfo.InvariantCulture, $"Settings: {s.Settings}");
            if (s.Note is not null)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"Note: {s.Note}");
            }

            md.AppendLine();
            md.AppendLine("| phase | offered/s | ops/s | p50 µs | p99 µs | p99.9 µs | ops | errors | seconds | GC pause ms (gen0/1/2) | KiB alloc/op | pool threads | CPU µs/op | cores busy |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var p in s.Phases)
            {
                var runtime = p.Runtime is { } r
                    ? string.Create(CultureInfo.InvariantCulture, $"{r.GcPauseMilliseconds:F0} ({r.Gen0Collections}/{r.Gen1Collections}/{r.Gen2Collections}) | {(r.AllocatedBytesPerOperation is { } bytes ? (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture) : "n/a")} | {r.PoolThreads} | {(r.CpuMicrosecondsPerOperation is { } cpu ? cpu.ToString("F0", CultureInfo.InvariantCulture) : "n/a")} | {(r.MachineCpuBusy is { } busy ? busy.ToString("P0", CultureInfo.InvariantCulture) : "n/a")}")
                    : "- | - | - | - | -";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {(p.OfferedPerSecond is null ? "closed loop" : p.AtReferenceLoad ? "open loop (reference's load)" : "open loop")} | {(p.OfferedPerSecond is { } o ? o.ToString("F0", CultureInfo.InvariantCulture) : "-")} | {p.OpsPerSecond:F0} | {p.P50Microseconds:F1} | {p.P99Microseconds:F1} | {p.P999Microseconds:F1} | {p.Operations} | {p.Errors} | {p.Seconds:F1} | {runtime} |");
            }

            md.AppendLine();
            foreach (var (name, value) in s.Details ?? new Dictionary<string, double>())
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{name}`: {value:#,0.###}");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>Ours and the reference server at the very loads the reference was offered in the same run.</summary>
    public static string SameLoadTable(IReadOnlyList<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var reference = scenarios.FirstOrDefault(s => s.Name == "http-voucher-reference" && s.Ran);
        var ours = scenarios.Where(s => s.Phases.Any(p => p.AtReferenceLoad)).ToList();
        if (reference is null || ours.Count == 0)
        {
            return "";
        }

        var md = new StringBuilder();
        md.AppendLine("## Same load as the reference server");
        md.AppendLine();
        md.AppendLine("p50 / p99 in µs at each load the reference server was offered in this run.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| offered/s | reference | {string.Join(" | ", ours.Select(s => s.Name))} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"|---:|---:|{string.Concat(ours.Select(_ => "---:|"))}");
        foreach (var point in reference.Phases.Where(p => p.OfferedPerSecond is not null))
        {
            var rate = point.OfferedPerSecond!.Value;
            var cells = ours.Select(s => s.Phases.FirstOrDefault(p => p.AtReferenceLoad && Math.Abs(p.OfferedPerSecond!.Value - rate) < 0.5) is { } at
                ? Cell(at)
                : "-");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {rate:F0} | {Cell(point)} | {string.Join(" | ", cells)} |");
        }

        md.AppendLine();
        return md.ToString();

        static string Cell(LoadPoint p) => string.Create(CultureInfo.InvariantCulture, $"{p.P50Microseconds:F0} / {p.P99Microseconds:F0}");
    }

    /// <summary>
    /// Each stream variant beside its upstream-direct run: tokens/s and CPU per token (closed loop), and time to first
    /// token at half load, the direct run both at its own half load and at the metered one's, with what the gateway adds.
    /// </summary>
    public static string StreamTables(IReadOnlyList<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var pairs = StreamTokensScenario.Variants
            .Select(v => (Metered: scenarios.FirstOrDefault(s => s.Name == v.Name && s.Ran), Direct: scenarios.FirstOrDefault(s => s.Name == v.Direct && s.Ran)))
            .Where(p => p.Metered?.Details is not null && p.Direct?.Details is not null)
            .Select(p => (Metered: p.Metered!, Direct: p.Direct!))
            .ToList();
        if (pairs.Count == 0)
        {
            return "";
        }

        var md = new StringBuilder();
        md.AppendLine("## Streams: through the gateway against upstream-direct");
        md.AppendLine();
        md.AppendLine("Closed loop. CPU is this whole process's (upstream, gateway and client) per token; the difference is what the gateway and payment cost.");
        md.AppendLine();
        md.AppendLine("| scenario | tokens/chunk | tokens/stream | tokens/s metered | tokens/s direct | metered ÷ direct | CPU µs/token metered | direct | difference |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (metered, direct) in pairs)
        {
            var cpu = Detail(metered, "process_cpu_us_per_token");
            var directCpu = Detail(direct, "process_cpu_us_per_token");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {metered.Name} | {Detail(metered, "tokens_per_chunk"):F0} | {Detail(metered, "tokens_per_stream"):F0} | {metered.OpsPerSecond:F0} | {direct.OpsPerSecond:F0} | {metered.OpsPerSecond / Math.Max(direct.OpsPerSecond, 1e-9):F3} | {cpu:F2} | {directCpu:F2} | {cpu - directCpu:F2} |");
        }

        md.AppendLine();
        md.AppendLine("Time to first token in µs, open loop at half load, timed from each stream's due time. Direct at its own half load, and at the metered run's (same streams/s); added = metered − direct.");
        md.AppendLine();
        md.AppendLine("| scenario | streams/s metered | p50 metered | p50 direct | added | p50 direct, same load | added | streams/s direct | p99 metered | p99 direct | added | p99 direct, same load | added |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (metered, direct) in pairs)
        {
            var p50 = Detail(metered, "half_load_first_token_p50_us");
            var p99 = Detail(metered, "half_load_first_token_p99_us");
            var directP50 = Detail(direct, "half_load_first_token_p50_us");
            var directP99 = Detail(direct, "half_load_first_token_p99_us");
            var sameP50 = Detail(direct, "metered_half_load_first_token_p50_us");
            var sameP99 = Detail(direct, "metered_half_load_first_token_p99_us");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {metered.Name} | {Detail(metered, "half_load_streams_per_s"):F0} | {p50:F0} | {directP50:F0} | {p50 - directP50:F0} | {sameP50:F0} | {p50 - sameP50:F0} | {Detail(direct, "half_load_streams_per_s"):F0} | {p99:F0} | {directP99:F0} | {p99 - directP99:F0} | {sameP99:F0} | {p99 - sameP99:F0} |");
        }

        md.AppendLine();
        return md.ToString();

        static double Detail(ScenarioResult s, string name) => s.Details!.GetValueOrDefault(name, double.NaN);
    }

    public static string SummaryTable(IReadOnlyList<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var md = new StringBuilder();
        md.AppendLine("| scenario | ops/s | p50 µs | p99 µs | p99.9 µs | errors |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in scenarios)
        {
            md.AppendLine(s.Ran
                ? string.Create(CultureInfo.InvariantCulture, $"| {s.Name} | {s.OpsPerSecond:F0} | {s.P50Microseconds:F1} | {s.P99Microseconds:F1} | {s.P999Microseconds:F1} | {s.Errors} |")
                : $"| {s.Name} | not available | | | | -1 |");
        }

        return md.ToString();
    }
}
