using Billing.Evm;
using Billing.Evm.BatchSettlement;

namespace Billing.Grains.Channels;

/// <summary>
/// Checks a batch-settlement voucher signature against the channel's payer authorizer. Stateless and thread-safe: one
/// instance per silo, shared by every channel grain.
/// </summary>
public sealed class VoucherVerifier(BatchSettlementDomain domain, ISecp256k1 curve)
{
    public bool IsSignedBy(Hash32 channelId, UInt128 maxClaimableAmount, ReadOnlySpan<byte> signature, Address authorizer)
    {
        Span<byte> digest = stackalloc byte[Hash32.Size];
        domain.WriteVoucherDigest(channelId.AsSpan(), maxClaimableAmount, digest);
        return curve.TryRecover(digest, signature, out var signer) && signer == authorizer;
    }
}
