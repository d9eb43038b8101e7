namespace Billing.Grains.Chain;

public sealed class ChainWatcherState
{
    /// <summary>The next block to read; 0 until the first poll sets it from the options.</summary>
    public ulong NextBlock { get; set; }

    /// <summary>Hash of block NextBlock − 1 as we read it, to notice when a reorg replaced it.</summary>
    public string? LastBlockHash { get; set; }

    /// <summary>Channels that had events in the recent past, to re-sync them after a reorg.</summary>
    public Dictionary<string, ulong> RecentChannels { get; set; } = new(StringComparer.Ordinal);
}
