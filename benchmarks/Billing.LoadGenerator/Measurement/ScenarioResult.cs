using System.Text.Json.Serialization;

namespace Billing.LoadGenerator.Measurement;

/// <summary>
/// One scenario's figures as results.json reports them: throughput from the closed-loop run, latency from the open-loop
/// run at half of it (or from the only run, for single-threaded loops). Errors = -1 marks a scenario that could not run.
/// </summary>
public sealed record ScenarioResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ops_per_s")] double OpsPerSecond,
    [property: JsonPropertyName("p50_us")] double P50Microseconds,
    [property: JsonPropertyName("p99_us")] double P99Microseconds,
    [property: JsonPropertyName("p999_us")] double P999Microseconds,
    [property: JsonPropertyName("errors")] long Errors)
{
    public const long NotAvailable = -1;

    [JsonPropertyName("settings")]
    public string Settings { get; init; } = "";

    [JsonPropertyName("note")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>Figures particular to the scenario (units in their names), beyond the fixed shape.</summary>
    [JsonPropertyName("details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Details { get; init; }

    /// <summary>Every timed phase, closed loop first; the latency plot draws the open-loop ones against offered load.</summary>
    [JsonPropertyName("phases")]
    public IReadOnlyList<LoadPoint> Phases { get; init; } = [];

    [JsonIgnore]
    public bool Ran => Errors != NotAvailable;

    public static ScenarioResult Unavailable(string name, string reason) =>
        new(name, 0, 0, 0, 0, NotAvailable) { Note = reason };

    /// <summary>Throughput of the closed loop, latency of the open loop at half of it (the first open-loop phase when no half was run).</summary>
    public static ScenarioResult FromPhases(string name, LoadPoint closed, IReadOnlyList<LoadPoint> open, string settings, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(closed);
        ArgumentNullException.ThrowIfNull(open);
        // The headline latency is at half of this scenario's own maximum, never at a load borrowed from another.
        var own = open.Where(p => !p.AtReferenceLoad).ToList();
        var latency = own.Count == 0 ? closed : own.MinBy(p => Math.Abs((p.OfferedPerSecond ?? 0) - (closed.OpsPerSecond / 2)))!;
        return new ScenarioResult(
            name, closed.OpsPerSecond, latency.P50Microseconds, latency.P99Microseconds, latency.P999Microseconds, closed.Errors + open.Sum(p => p.Errors))
        {
            Settings = settings,
            Note = note,
            Phases = [closed, .. open],
        };
    }
}
