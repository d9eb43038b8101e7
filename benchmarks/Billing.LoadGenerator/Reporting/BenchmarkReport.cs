using System.Text.Json.Serialization;
using Billing.LoadGenerator.Measurement;
using Billing.LoadGenerator.Scenarios;

namespace Billing.LoadGenerator.Reporting;

/// <summary>results.json: the machine, every scenario, and the ratios the issue tracks.</summary>
public sealed record BenchmarkReport(
    [property: JsonPropertyName("machine")] MachineInfo Machine,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("started_utc")] DateTime StartedUtc,
    [property: JsonPropertyName("scenarios")] IReadOnlyList<ScenarioResult> Scenarios,
    [property: JsonPropertyName("ratios")] IReadOnlyDictionary<string, double?> Ratios)
{
    public static BenchmarkReport Create(MachineInfo machine, string command, DateTime startedUtc, IReadOnlyList<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        double? Ratio(string over, string under)
        {
            var a = scenarios.FirstOrDefault(s => s.Name == over);
            var b = scenarios.FirstOrDefault(s => s.Name == under);
            return a is { Ran: true, OpsPerSecond: > 0 } && b is { Ran: true, OpsPerSecond: > 0 } ? Math.Round(a.OpsPerSecond / b.OpsPerSecond, 3) : null;
        }

        var ratios = new Dictionary<string, double?>
        {
            ["http_voucher_ours_over_reference"] = Ratio("http-voucher-ours", "http-voucher-reference"),
            ["http_voucher_ours_strict_over_reference"] = Ratio("http-voucher-ours-strict", "http-voucher-reference"),
            ["recover_managed_over_native_cost"] = Ratio("recover-native", "recover-managed"),
        };

        // Metered tokens/s as a fraction of the same client straight from the upstream, in the same run.
        foreach (var variant in StreamTokensScenario.Variants)
        {
            ratios[variant.Name.Replace('-', '_') + "_metered_over_direct"] = Ratio(variant.Name, variant.Direct);
        }

        return new BenchmarkReport(machine, command, startedUtc, scenarios, ratios);
    }
}
