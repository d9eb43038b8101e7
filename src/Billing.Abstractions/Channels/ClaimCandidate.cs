namespace Billing.Abstractions.Channels;

/// <summary>
/// What settlement needs to claim a channel's earnings: the config, the highest signed voucher (the claim's ceiling) and the
/// charged total (the claim's new cumulative totalClaimed).
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.claim-candidate")]
public sealed record ClaimCandidate(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] ChannelConfigMessage Config,
    [property: Id(2)] UInt128 SignedMaxClaimable,
    [property: Id(3)] byte[] Signature,
    [property: Id(4)] UInt128 ChargedCumulative,
    [property: Id(5)] UInt128 TotalClaimed);
