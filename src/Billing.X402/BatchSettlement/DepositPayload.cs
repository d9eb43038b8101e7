namespace Billing.X402.BatchSettlement;

/// <summary>Client payload that opens or tops up a channel and carries the voucher for this request.</summary>
public sealed record DepositPayload : BatchSettlementPayload
{
    public override string Type => PayloadTypes.Deposit;

    public required ChannelConfig ChannelConfig { get; init; }

    public required SignedVoucher Voucher { get; init; }

    public required ChannelDeposit Deposit { get; init; }
}
