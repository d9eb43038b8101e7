namespace Billing.Evm.BatchSettlement;

/// <summary>
/// One row of <c>claim</c>/<c>claimWithSignature</c>: the payer's voucher (config + ceiling + signature) and the new
/// cumulative total to claim. ABI: <c>((ChannelConfig,uint128),bytes,uint128)</c>.
/// </summary>
public sealed record VoucherClaim(ChannelConfig Channel, UInt128 MaxClaimableAmount, byte[] Signature, UInt128 TotalClaimed)
{
    internal object?[] ToAbiTuple() => [new object?[] { Channel.ToAbiTuple(), MaxClaimableAmount }, Signature, TotalClaimed];
}
