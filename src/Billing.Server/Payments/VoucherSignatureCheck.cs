using Billing.Evm;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Channels;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.Server.Payments;

/// <summary>
/// Judges a voucher signature the way the contract will when the voucher is claimed: plain ECDSA against a non-zero payer
/// authorizer; with a zero payer authorizer, OpenZeppelin's SignatureChecker against the payer — ECDSA for an account,
/// EIP-1271 <c>isValidSignature</c> for a contract wallet. Only the contract-wallet case costs an <c>eth_call</c>.
/// The ECDSA form is the contract's, which is stricter than recovery alone: 65 bytes with v = 27 or 28 (OpenZeppelin's
/// ECDSA takes neither EIP-2098 compact signatures nor v = 0/1), so a voucher judged valid here is one a claim can use.
/// </summary>
public sealed class VoucherSignatureCheck(BatchSettlementDomain domain, VoucherVerifier verifier, EthRpcClient rpc)
{
    private static readonly AbiFunction IsValidSignature = AbiFunction.Parse("isValidSignature(bytes32,bytes)(bytes4)");

    /// <summary>EIP-1271's "valid" answer: the selector of isValidSignature(bytes32,bytes).</summary>
    private static readonly byte[] Eip1271Magic = [0x16, 0x26, 0xba, 0x7e];

    public async Task<bool> IsSignedAsync(
        EvmChannelConfig config, Hash32 channelId, UInt128 maxClaimableAmount, byte[] signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(signature);
        var ecdsaShaped = signature.Length == 65 && signature[64] is 27 or 28;
        if (!config.PayerAuthorizer.IsZero)
        {
            return ecdsaShaped && verifier.IsSignedBy(channelId, maxClaimableAmount, signature, config.PayerAuthorizer);
        }

        if (ecdsaShaped && verifier.IsSignedBy(channelId, maxClaimableAmount, signature, config.Payer))
        {
            return true;
        }

        var digest = domain.VoucherDigest(channelId, maxClaimableAmount);
        try
        {
            // An account without code answers an empty result, which is not the magic value.
            var answer = await rpc.CallAsync(config.Payer, IsValidSignature.EncodeCall(digest, signature), "latest", cancellationToken);
            return answer.Length >= AbiWord.Size && answer.AsSpan(0, Eip1271Magic.Length).SequenceEqual(Eip1271Magic);
        }
        catch (EvmRevertException)
        {
            return false;
        }
    }
}
