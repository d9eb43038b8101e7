namespace Billing.Abstractions.Channels;

/// <summary>
/// A paid request presenting a voucher: reserve <see cref="Ceiling"/> under <see cref="RequestId"/> if the voucher signed by the
/// channel's payer authorizer covers exactly what was charged so far plus this ceiling.
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.voucher-presentation")]
public sealed record VoucherPresentation(
    [property: Id(0)] string RequestId,
    [property: Id(1)] ChannelConfigMessage Config,
    [property: Id(2)] UInt128 SignedMaxClaimable,
    [property: Id(3)] byte[] Signature,
    [property: Id(4)] UInt128 Ceiling);
