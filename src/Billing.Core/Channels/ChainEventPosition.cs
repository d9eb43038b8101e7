namespace Billing.Core.Channels;

/// <summary>Position of a log in the chain: events are applied in this order and at most once.</summary>
public readonly record struct ChainEventPosition(ulong Block, ulong LogIndex) : IComparable<ChainEventPosition>
{
    public int CompareTo(ChainEventPosition other)
    {
        var byBlock = Block.CompareTo(other.Block);
        return byBlock != 0 ? byBlock : LogIndex.CompareTo(other.LogIndex);
    }

    public static bool operator <(ChainEventPosition left, ChainEventPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(ChainEventPosition left, ChainEventPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(ChainEventPosition left, ChainEventPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ChainEventPosition left, ChainEventPosition right) => left.CompareTo(right) >= 0;
}
