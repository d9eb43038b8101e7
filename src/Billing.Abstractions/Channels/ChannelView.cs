namespace Billing.Abstractions.Channels;

/// <summary>
/// The channel as the payer should see it after an operation: what PAYMENT-RESPONSE's channelState and a corrective 402's
/// channelState/voucherState carry.
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.channel-view")]
public sealed record ChannelView(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] UInt128 Balance,
    [property: Id(2)] UInt128 TotalClaimed,
    [property: Id(3)] ulong WithdrawRequestedAt,
    [property: Id(4)] ulong RefundNonce,
    [property: Id(5)] UInt128 ChargedCumulative,
    [property: Id(6)] UInt128 SignedMaxClaimable,
    [property: Id(7)] byte[]? Signature);
