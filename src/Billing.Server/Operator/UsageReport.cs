using System.Globalization;
using Billing.Abstractions.Usage;

namespace Billing.Server.Operator;

/// <summary>A day of a channel's usage as the operator API shows it; the amount as a decimal string.</summary>
public sealed record UsageReport(
    DateTimeOffset Day, string Model, ulong Requests, ulong Calls, ulong InputTokens, ulong CachedInputTokens,
    ulong CacheWriteTokens, ulong OutputTokens, ulong ReasoningTokens, string Charged)
{
    public static UsageReport From(UsageReportRow row) => new(
        row.Day, row.Model, row.Requests, row.Usage.Calls, row.Usage.InputTokens, row.Usage.CachedInputTokens,
        row.Usage.CacheWriteTokens, row.Usage.OutputTokens, row.Usage.ReasoningTokens, row.Charged.ToString(CultureInfo.InvariantCulture));
}
