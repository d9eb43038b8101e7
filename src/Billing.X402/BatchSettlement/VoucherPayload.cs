namespace Billing.X402.BatchSettlement;

/// <summary>Client payload that pays from an already funded channel: the hot path.</summary>
public sealed record VoucherPayload : BatchSettlementPayload
{
    public override string Type => PayloadTypes.Voucher;

    public required ChannelConfig ChannelConfig { get; init; }

    public required SignedVoucher Voucher { get; init; }
}
