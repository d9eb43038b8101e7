namespace Billing.Core.Channels;

/// <summary>Operational counters kept with the channel; cheap to maintain and useful on the operator page.</summary>
public sealed class ChannelCounters
{
    public ulong Authorized { get; set; }

    public ulong Committed { get; set; }

    public ulong Voided { get; set; }

    public ulong Expired { get; set; }

    /// <summary>Commits that arrived after their reservation expired and were still charged within its voucher.</summary>
    public ulong LateCommitted { get; set; }

    public ulong Rejected { get; set; }

    /// <summary>Amount restored from a payer's later voucher after the server lost an acknowledged tail.</summary>
    public UInt128 CaughtUp { get; set; }
}
