namespace Billing.Evm.BatchSettlement;

/// <summary>One row of a <c>ClaimBatch</c> that a receiver authorizer signs: the channel, the voucher ceiling, the new cumulative total.</summary>
public sealed record ClaimEntry(Hash32 ChannelId, UInt128 MaxClaimableAmount, UInt128 TotalClaimed);
