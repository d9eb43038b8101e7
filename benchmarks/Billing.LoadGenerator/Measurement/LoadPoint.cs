using System.Text.Json.Serialization;

namespace Billing.LoadGenerator.Measurement;

/// <summary>One timed phase: what was offered (null for closed loop, which offers as fast as answers come), what came back.</summary>
public sealed record LoadPoint(
    [property: JsonPropertyName("offered_per_s")] double? OfferedPerSecond,
    [property: JsonPropertyName("ops_per_s")] double OpsPerSecond,
    [property: JsonPropertyName("p50_us")] double P50Microseconds,
    [property: JsonPropertyName("p99_us")] double P99Microseconds,
    [property: JsonPropertyName("p999_us")] double P999Microseconds,
    [property: JsonPropertyName("ops")] long Operations,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    /// <summary>What the runtime did during the phase; null where the scenario did not measure it.</summary>
    [JsonPropertyName("runtime")]
    public RuntimeActivity? Runtime { get; init; }

    /// <summary>An open loop at a rate the reference server was offered in the same run (same-load comparison).</summary>
    [JsonPropertyName("reference_load")]
    public bool AtReferenceLoad { get; init; }

    /// <summary>The charge log's commits during the phase; null where no charge was logged.</summary>
    [JsonPropertyName("charge_log")]
    public ChargeLogActivity? ChargeLog { get; init; }

    public static LoadPoint From(LatencyHistogram latencies, long errors, TimeSpan elapsed, double? offered = null) =>
        new(
            offered,
            latencies.Count / Math.Max(elapsed.TotalSeconds, 1e-9),
            latencies.PercentileMicroseconds(0.50),
            latencies.PercentileMicroseconds(0.99),
            latencies.PercentileMicroseconds(0.999),
            latencies.Count,
            errors,
            elapsed.TotalSeconds);
}
