namespace Billing.Core.Channels;

/// <summary>
/// A request to reserve <paramref name="Ceiling"/> on the strength of a voucher whose signature the caller has already
/// verified against the channel's payer authorizer.
/// </summary>
public readonly record struct VoucherAuthorization(
    string RequestId,
    UInt128 SignedMaxClaimable,
    byte[] Signature,
    UInt128 Ceiling);
