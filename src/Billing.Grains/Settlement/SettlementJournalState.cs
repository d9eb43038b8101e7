using Billing.Abstractions.Settlement;

namespace Billing.Grains.Settlement;

public sealed class SettlementJournalState
{
    public Dictionary<string, ClaimBatchRecord> Batches { get; set; } = new(StringComparer.Ordinal);

    public string? LeaseHolder { get; set; }

    public DateTimeOffset LeaseExpires { get; set; }
}
