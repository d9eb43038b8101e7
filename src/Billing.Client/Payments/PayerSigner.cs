using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;

namespace Billing.Client.Payments;

/// <summary>
/// The agent's key and what it signs: vouchers (as the channel's payer authorizer) and ERC-3009 authorizations (as the
/// token holder). The key never leaves this object; <see cref="ToString"/> shows the address only.
/// </summary>
internal sealed class PayerSigner(PrivateKey key, ISecp256k1 curve)
{
    public Address Address { get; } = key.Address;

    public byte[] SignVoucher(BatchSettlementDomain domain, Hash32 channelId, UInt128 maxClaimable) =>
        curve.Sign(domain.VoucherDigest(channelId, maxClaimable).AsSpan(), key);

    public byte[] SignReceiveWithAuthorization(Eip712Domain tokenDomain, Erc3009Authorization authorization) =>
        curve.Sign(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), key);

    public byte[] SignTransferWithAuthorization(Eip712Domain tokenDomain, Erc3009Authorization authorization) =>
        curve.Sign(Erc3009.TransferWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), key);

    /// <summary>Whether <paramref name="signature"/> is this agent's voucher for exactly that channel and amount.</summary>
    public bool SignedVoucher(BatchSettlementDomain domain, Hash32 channelId, UInt128 maxClaimable, ReadOnlySpan<byte> signature) =>
        curve.TryRecover(domain.VoucherDigest(channelId, maxClaimable).AsSpan(), signature, out var signer) && signer == Address;

    public override string ToString() => $"PayerSigner({Address})";
}
