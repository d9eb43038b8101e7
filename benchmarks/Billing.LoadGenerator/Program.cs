using Billing.Evm;
using Billing.LoadGenerator;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Measurement;
using Billing.LoadGenerator.Reporting;
using Billing.LoadGenerator.Scenarios;

LoadSettings settings;
try
{
    settings = LoadSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var log = Console.Out;
var started = DateTime.UtcNow;
var machine = MachineInfo.Describe();
log.WriteLine($"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.DotNet}, secp256k1 {machine.Secp256k1Implementation}, load average {machine.LoadAverage}");
var results = new List<ScenarioResult>();

if (settings.Includes("recover-native"))
{
    results.Add(RecoverScenario.Run("recover-native", Secp256k1.Native, settings.RecoverDuration));
}

if (settings.Includes("recover-managed"))
{
    results.Add(RecoverScenario.Run("recover-managed", Secp256k1.Managed, settings.RecoverDuration));
}

// First of the silo scenarios: the working set it reports is clearest before other scenarios have grown the process.
if (settings.Includes(MemoryPerChannelScenario.Name))
{
    results.Add(await MemoryPerChannelScenario.RunAsync(settings, log, cancel.Token));
}

// The reference server first: our HTTP scenarios then also run at the loads it was offered (same-load comparison).
IReadOnlyList<double> referenceRates = [];
if (settings.Includes(HttpVoucherReferenceScenario.Name))
{
    var reference = await HttpVoucherReferenceScenario.RunAsync(settings, log, cancel.Token);
    results.Add(reference);
    referenceRates = [.. reference.Phases.Select(p => p.OfferedPerSecond).OfType<double>()];
}

string[] oursOnChain = [GrainAuthorizeCommitScenario.Name, GrainAuthorizeCommitScenario.StrictName, "http-voucher-ours", "http-voucher-ours-strict", "http-voucher-ours-strict-postgres", .. StreamTokensScenario.Variants.Select(v => v.Name)];
if (oursOnChain.Any(settings.Includes))
{
    log.WriteLine("Starting anvil, deploying the contracts, opening channels...");
    await using var chain = await LocalChain.StartAsync(settings.Channels, log, cancel.Token);
    if (settings.Includes(GrainAuthorizeCommitScenario.StrictName))
    {
        results.Add(await GrainAuthorizeCommitScenario.RunAsync(chain, settings, "Strict", log, cancel.Token));
    }

    if (settings.Includes(GrainAuthorizeCommitScenario.Name))
    {
        results.Add(await GrainAuthorizeCommitScenario.RunAsync(chain, settings, "Windowed", log, cancel.Token));
    }

    if (settings.Includes("http-voucher-ours"))
    {
        results.Add(await HttpVoucherOursScenario.RunAsync("http-voucher-ours", chain, settings, "Windowed", "Sqlite", null, log, cancel.Token, referenceRates));
    }

    if (settings.Includes("http-voucher-ours-strict"))
    {
        results.Add(await HttpVoucherOursScenario.RunAsync("http-voucher-ours-strict", chain, settings, "Strict", "Sqlite", null, log, cancel.Token, referenceRates));
    }

    if (settings.Includes("http-voucher-ours-strict-postgres"))
    {
        if (settings.PostgresConnectionString is { } postgres)
        {
            await using var database = await FreshPostgresDatabase.CreateAsync(postgres, cancel.Token);
            results.Add(await HttpVoucherOursScenario.RunAsync("http-voucher-ours-strict-postgres", chain, settings, "Strict", "PostgreSql", database.ConnectionString, log, cancel.Token, referenceRates));
        }
        else
        {
            results.Add(ScenarioResult.Unavailable("http-voucher-ours-strict-postgres", "no PostgreSQL connection string (--postgres); benchmarks/run gets one from scripts/start-postgres.sh"));
        }
    }

    foreach (var variant in StreamTokensScenario.Variants.Where(v => settings.Includes(v.Name)))
    {
        results.AddRange(await StreamTokensScenario.RunAsync(chain, settings, variant, log, cancel.Token));
    }
}

if (SettlementScenario.IsIncluded(settings))
{
    results.AddRange(await SettlementScenario.RunAsync(settings, log, cancel.Token));
}

Directory.CreateDirectory(settings.OutputFolder);
var report = BenchmarkReport.Create(machine, settings.Command, started, results);
await ResultsJson.WriteAsync(report, Path.Combine(settings.OutputFolder, "results.json"), cancel.Token);
var plots = ResultsPlots.Write(results, settings.OutputFolder);
await File.WriteAllTextAsync(Path.Combine(settings.OutputFolder, "results.md"), ResultsMarkdown.Render(report, plots), cancel.Token);

log.WriteLine();
log.WriteLine(ResultsMarkdown.SummaryTable(results));
foreach (var scenario in results.Where(s => s.Details is not null))
{
    log.WriteLine($"{scenario.Name}: {string.Join(", ", scenario.Details!.Select(d => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.Key} {d.Value:0.###}")))}");
}

foreach (var (name, value) in report.Ratios)
{
    log.WriteLine($"{name}: {(value is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}");
}

log.WriteLine($"Wrote results.json, results.md and {plots.Count} plots to {settings.OutputFolder}");
return 0;
