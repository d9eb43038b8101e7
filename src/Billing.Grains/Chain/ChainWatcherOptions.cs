namespace Billing.Grains.Chain;

/// <summary>How the chain watcher follows the contract. Bound from configuration section "ChainWatcher".</summary>
public sealed class ChainWatcherOptions
{
    public const string Section = "ChainWatcher";

    public bool Enabled { get; set; } = true;

    /// <summary>First block to read when no cursor is stored (the contract's deployment block).</summary>
    public ulong StartBlock { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most blocks per log query (RPC providers cap ranges).</summary>
    public ulong MaxBlockRange { get; set; } = 2_000;

    /// <summary>
    /// Fewest blocks per log query: a provider that refuses a range halves it down to this, and it grows back towards
    /// <see cref="MaxBlockRange"/> as queries succeed.
    /// </summary>
    public ulong MinBlockRange { get; set; } = 10;

    /// <summary>How far back to re-read after the block under the cursor changed (a reorg deeper than the confirmations).</summary>
    public ulong ReorgRewindBlocks { get; set; } = 64;
}
