namespace Billing.Grains.Settlement;

public sealed class SettlementShardState
{
    public HashSet<string> Channels { get; set; } = new(StringComparer.Ordinal);
}
