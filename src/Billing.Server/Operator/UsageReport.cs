using System.Globalization;
using Billing.Abstractions.Usage;

namespace Billing.Server.Operator;

/// <summary>A day of a channel's usage as the operator API shows it; the amount as a decimal string.</summary>
public sealed record UsageReport(
    DateTimeOffset Day, string Model, ulong Requests, ulong Calls, ulong InputTokens, ulong CachedInputTokens,
    ulong CacheWriteTokens, ulong OutputTokens, ulong ReasoningTokens, string Charged)
{
    /// <summary>One row per (day, model) over several channels: an agent's usage across all its channels.</summary>
    public static IEnumerable<UsageReport> Combine(IEnumerable<UsageReportRow> rows) =>
        rows.GroupBy(r => (r.Day, r.Model))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g => From(g.Aggregate((a, b) => a with
            {
                Requests = a.Requests + b.Requests,
                Usage = new UsageMessage(
                    a.Usage.Calls + b.Usage.Calls,
                    a.Usage.InputTokens + b.Usage.InputTokens,
                    a.Usage.CachedInputTokens + b.Usage.CachedInputTokens,
                    a.Usage.CacheWriteTokens + b.Usage.CacheWriteTokens,
                    a.Usage.OutputTokens + b.Usage.OutputTokens,
                    a.Usage.ReasoningTokens + b.Usage.ReasoningTokens),
                Charged = a.Charged + b.Charged,
            })));

    public static UsageReport From(UsageReportRow row) => new(
        row.Day, row.Model, row.Requests, row.Usage.Calls, row.Usage.InputTokens, row.Usage.CachedInputTokens,
        row.Usage.CacheWriteTokens, row.Usage.OutputTokens, row.Usage.ReasoningTokens, row.Charged.ToString(CultureInfo.InvariantCulture));
}
