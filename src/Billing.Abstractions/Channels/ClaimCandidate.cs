namespace Billing.Abstractions.Channels;

/// <summary>
/// What settlement needs to claim a channel's earnings: the config, the highest signed voucher (the claim's ceiling) and the
/// charged total (the claim's new cumulative totalClaimed). A non-zero <see cref="WithdrawRequestedAt"/> (chain seconds) means the
/// payer started a withdrawal: the claim must land before WithdrawRequestedAt + the config's withdrawDelay.
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.claim-candidate")]
public sealed record ClaimCandidate(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] ChannelConfigMessage Config,
    [property: Id(2)] UInt128 SignedMaxClaimable,
    [property: Id(3)] byte[] Signature,
    [property: Id(4)] UInt128 ChargedCumulative,
    [property: Id(5)] UInt128 TotalClaimed,
    [property: Id(6)] ulong WithdrawRequestedAt = 0)
{
    /// <summary>What claiming this row would collect.</summary>
    public UInt128 Unclaimed => ChargedCumulative > TotalClaimed ? ChargedCumulative - TotalClaimed : UInt128.Zero;
}
