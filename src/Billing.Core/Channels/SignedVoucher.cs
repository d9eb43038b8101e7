namespace Billing.Core.Channels;

/// <summary>A payer's signature over Voucher(channelId, maxClaimableAmount); cumulative, so the highest one supersedes the rest.</summary>
public sealed record SignedVoucher(UInt128 MaxClaimableAmount, byte[] Signature);
