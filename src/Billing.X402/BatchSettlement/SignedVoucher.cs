namespace Billing.X402.BatchSettlement;

/// <summary>
/// A cumulative voucher as the client sends it (<c>payload.voucher</c>): the payer authorizes the receiver to claim
/// up to <see cref="MaxClaimableAmount"/> in total from <see cref="ChannelId"/>. No nonce, no expiry.
/// </summary>
public sealed record SignedVoucher
{
    public required string ChannelId { get; init; }

    /// <summary>uint128 decimal string.</summary>
    public required string MaxClaimableAmount { get; init; }

    public required string Signature { get; init; }
}
