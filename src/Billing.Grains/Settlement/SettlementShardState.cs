namespace Billing.Grains.Settlement;

/// <summary>
/// Persisted as JSON. <see cref="Channels"/> is the original shape; <see cref="RegisteredAt"/> and <see cref="Urgent"/>
/// were added later, so state written before them reads with empty maps (such channels count as registered long ago).
/// </summary>
public sealed class SettlementShardState
{
    public HashSet<string> Channels { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> RegisteredAt { get; set; } = new(StringComparer.Ordinal);

    public HashSet<string> Urgent { get; set; } = new(StringComparer.Ordinal);
}
