namespace Billing.Server.Reconciliation;

/// <summary>
/// What the chain says was claimed and settled, read from the contract's events up to <see cref="Block"/>: per channel the
/// claims in chain order, and for the server's (receiver, token) the sum of Settled amounts.
/// </summary>
public sealed class ClaimTrace(ulong block, IReadOnlyDictionary<string, IReadOnlyList<ClaimRecord>> claims, UInt128 settledByEvents)
{
    public ulong Block { get; } = block;

    public UInt128 SettledByEvents { get; } = settledByEvents;

    public IEnumerable<string> ClaimedChannels => claims.Keys;

    public IReadOnlyList<ClaimRecord> ClaimsOf(string channelId) =>
        claims.TryGetValue(channelId, out var list) ? list : [];

    /// <summary>The channel's claimed total as its last Claimed event states it (zero when never claimed).</summary>
    public UInt128 ClaimedByEvents(string channelId) => ClaimsOf(channelId) is [.., var last] ? last.NewTotalClaimed : UInt128.Zero;

    /// <summary>
    /// The claim that collected the charge ending at <paramref name="cumulativeCharged"/>: the first whose new claimed
    /// total reaches that position. Null while no claim has reached it yet.
    /// </summary>
    public ClaimRecord? CollectorOf(string channelId, UInt128 cumulativeCharged)
    {
        foreach (var claim in ClaimsOf(channelId))
        {
            if (claim.NewTotalClaimed >= cumulativeCharged)
            {
                return claim;
            }
        }

        return null;
    }
}
