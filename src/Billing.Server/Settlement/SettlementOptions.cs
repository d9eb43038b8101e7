namespace Billing.Server.Settlement;

/// <summary>Claim batching. Bound from configuration section "Settlement".</summary>
public sealed class SettlementOptions
{
    public const string Section = "Settlement";

    /// <summary>Vouchers per claim transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long to wait for a claim or settle receipt before reporting it pending.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
