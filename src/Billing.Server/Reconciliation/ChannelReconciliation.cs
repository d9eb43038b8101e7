namespace Billing.Server.Reconciliation;

/// <summary>One channel's figures side by side; amounts are decimal strings of atomic units.</summary>
/// <param name="Charged">What the channel grain charged (its durable charged total).</param>
/// <param name="Journal">The sum of the channel's charge journal rows.</param>
/// <param name="Claimed">The contract's totalClaimed for the channel (getChannel).</param>
/// <param name="ClaimedByEvents">The claimed total the channel's last Claimed event states.</param>
public sealed record ChannelReconciliation(
    string ChannelId, string Charged, string Journal, int JournalRows, string Claimed, string ClaimedByEvents, int Claims);
