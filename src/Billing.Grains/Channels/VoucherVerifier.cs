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
        var digest = domain.VoucherDigest(channelId, maxClaimableAmount);
        return curve.TryRecover(digest.AsSpan(), signature, out var signer) && signer == authorizer;
    }
}
