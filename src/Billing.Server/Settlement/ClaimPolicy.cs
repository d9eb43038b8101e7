using Billing.Abstractions.Channels;
using Billing.Abstractions.Settlement;

namespace Billing.Server.Settlement;

/// <summary>Decides whether a channel that owes is claimed now, and why. Pure: the tests drive it with plain values.</summary>
public static class ClaimPolicy
{
    /// <summary>The trigger that makes this channel due now, or null to let it accumulate.</summary>
    public static ClaimTrigger? Evaluate(
        ClaimCandidate candidate, SettlementShardEntry entry, DateTimeOffset now, SettlementOptions options, bool force)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        if (candidate.Unclaimed == UInt128.Zero)
        {
            return null;
        }

        // A pending withdrawal outranks everything, including a forced run: the row is urgent either way.
        if (entry.Urgent || candidate.WithdrawRequestedAt > 0)
        {
            return ClaimTrigger.Withdrawal;
        }

        if (force)
        {
            return ClaimTrigger.Forced;
        }

        if (candidate.Unclaimed >= options.ClaimThreshold)
        {
            return ClaimTrigger.Threshold;
        }

        return now - entry.RegisteredAt >= options.MaxAge ? ClaimTrigger.Age : null;
    }
}
