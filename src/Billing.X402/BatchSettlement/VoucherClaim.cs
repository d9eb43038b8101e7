namespace Billing.X402.BatchSettlement;

/// <summary>
/// One row of a claim batch (the contract's <c>VoucherClaim</c>): the signed voucher and the new cumulative
/// <see cref="TotalClaimed"/> — what was actually charged, not a delta and not the signed ceiling.
/// </summary>
public sealed record VoucherClaim
{
    public required ClaimedVoucher Voucher { get; init; }

    public required string Signature { get; init; }

    public required string TotalClaimed { get; init; }
}
