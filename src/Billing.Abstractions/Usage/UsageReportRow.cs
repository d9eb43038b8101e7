namespace Billing.Abstractions.Usage;

/// <summary>One UTC day of a channel's usage for one model (or "*" when the route has no model).</summary>
[GenerateSerializer, Immutable, Alias("billing.usage-row")]
public sealed record UsageReportRow(
    [property: Id(0)] DateTimeOffset Day,
    [property: Id(1)] string Model,
    [property: Id(2)] ulong Requests,
    [property: Id(3)] UsageMessage Usage,
    [property: Id(4)] UInt128 Charged);
