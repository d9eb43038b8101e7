namespace Billing.Grains.Channels;

/// <summary>When a committed charge reaches storage relative to the answer the payer gets.</summary>
public enum DurabilityMode
{
    /// <summary>
    /// Written before the answer: no acknowledged charge or voucher is ever lost. The answer waits for the group commit of
    /// the charge's log record (shared with every charge the silo committed meanwhile), nothing else.
    /// </summary>
    Strict = 0,

    /// <summary>
    /// Written behind the answer, within <see cref="ChannelGrainOptions.WriteBehindDelay"/> and never with more than
    /// <see cref="ChannelGrainOptions.WriteBehindMaxAmount"/> acknowledged but unwritten. A crash can lose at most that
    /// amount, and the payer's next voucher (which builds on what it saw acknowledged) restores it.
    /// </summary>
    Windowed = 1,
}
