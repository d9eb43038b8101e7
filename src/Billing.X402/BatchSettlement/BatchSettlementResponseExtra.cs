namespace Billing.X402.BatchSettlement;

/// <summary>
/// Typed view of a batch-settlement receipt's <c>extra</c> (<c>PAYMENT-RESPONSE</c>). <see cref="ChargedAmount"/> is
/// what this request cost (decimal string, at most the offer's amount); refund receipts carry no charge.
/// </summary>
public sealed record BatchSettlementResponseExtra
{
    public string? ChargedAmount { get; init; }

    public ChannelStateExtra? ChannelState { get; init; }

    public VoucherStateExtra? VoucherState { get; init; }
}
