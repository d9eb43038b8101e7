namespace Billing.X402.BatchSettlement;

/// <summary>
/// Client payload asking for unspent funds back: a zero-charge voucher (max = charged so far) and an optional
/// <see cref="Amount"/> (uint128 decimal; absent = everything not charged).
/// </summary>
public sealed record RefundPayload : BatchSettlementPayload
{
    public override string Type => PayloadTypes.Refund;

    public required ChannelConfig ChannelConfig { get; init; }

    public required SignedVoucher Voucher { get; init; }

    public string? Amount { get; init; }
}
