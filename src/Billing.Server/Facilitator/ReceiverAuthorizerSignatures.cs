using System.Numerics;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Server.Hosting;
using Billing.X402;

namespace Billing.Server.Facilitator;

/// <summary>
/// Signs claim batches and refunds with this server's receiver-authorizer key on a caller's behalf — only for
/// authenticated callers (see <see cref="FacilitatorOptions"/>), and only for channels that name this key as their
/// receiver authorizer, as the reference facilitator requires.
/// </summary>
internal sealed class ReceiverAuthorizerSignatures(ServerKeys keys, BatchSettlementDomain domain, ISecp256k1 curve, FacilitatorAccess access)
{
    public Address Address => keys.ReceiverAuthorizer.Address;

    /// <summary>Why this facilitator will not sign for channels with these receiver authorizers; null when it will.</summary>
    public X402Error? RefusalFor(IEnumerable<Address> receiverAuthorizers)
    {
        if (!access.SignsForCallers)
        {
            return new X402Error(
                X402ErrorReasons.BatchAuthorizerNotConfigured,
                "this facilitator signs claims and refunds only for authenticated callers; supply the receiver-authorizer signature");
        }

        return receiverAuthorizers.All(a => a == Address)
            ? null
            : new X402Error(X402ErrorReasons.BatchAuthorizerAddressMismatch, "a channel names a receiver authorizer whose key this facilitator does not hold");
    }

    public byte[] SignClaimBatch(IReadOnlyList<VoucherClaim> claims)
    {
        var entries = claims.Select(c => new ClaimEntry(domain.ChannelId(c.Channel), c.MaxClaimableAmount, c.TotalClaimed)).ToList();
        return curve.Sign(domain.ClaimBatchDigest(entries).AsSpan(), keys.ReceiverAuthorizer);
    }

    public byte[] SignRefund(Hash32 channelId, BigInteger nonce, UInt128 amount) =>
        curve.Sign(domain.RefundDigest(channelId, nonce, amount).AsSpan(), keys.ReceiverAuthorizer);
}
