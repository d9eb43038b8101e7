namespace Billing.Abstractions.Settlement;

/// <summary>Maps a channel to its settlement shard. Stable: changing <see cref="Count"/> strands registrations.</summary>
public static class SettlementShards
{
    public const int Count = 8;

    public static string KeyFor(int shard) => $"shard-{shard}";

    public static string KeyForChannel(string channelId)
    {
        // The last hex digit of a keccak-derived id is uniformly distributed.
        var last = channelId[^1];
        var nibble = last <= '9' ? last - '0' : (char.ToLowerInvariant(last) - 'a' + 10);
        return KeyFor(nibble % Count);
    }
}
