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
        // Only what the contract's ECDSA check accepts at claim time: 65 bytes with v of 27 or 28 (recovery refuses high s).
        // A voucher the contract would refuse can never be collected, so it must not pay for anything.
        if (signature.Length != 65 || signature[64] is not (27 or 28))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[Hash32.Size];
        domain.WriteVoucherDigest(channelId.AsSpan(), maxClaimableAmount, digest);
        return curve.TryRecover(digest, signature, out var signer) && signer == authorizer;
    }
}
