namespace Billing.Core.Metering;

/// <summary>The totals of one model in one period, as reported and persisted.</summary>
/// <param name="PeriodStart">The UTC start of the bucket's period.</param>
public readonly record struct UsageBucket(DateTimeOffset PeriodStart, string Model, UsageTotals Totals);
