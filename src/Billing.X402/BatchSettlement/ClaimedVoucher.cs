namespace Billing.X402.BatchSettlement;

/// <summary>The contract's <c>Voucher</c> struct inside a claim row: the full channel config, not its id.</summary>
public sealed record ClaimedVoucher
{
    public required ChannelConfig Channel { get; init; }

    public required string MaxClaimableAmount { get; init; }
}
