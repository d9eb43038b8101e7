using System.Numerics;
using System.Text;
using Billing.Evm.Abi;
using Billing.Evm.Eip712;

namespace Billing.Evm.BatchSettlement;

/// <summary>
/// EIP-3009 authorizations (USDC's <c>transferWithAuthorization</c> / <c>receiveWithAuthorization</c>), signed in the
/// token's own EIP-712 domain, and the nonce the ERC-3009 deposit collector derives for a channel.
/// </summary>
public static class Erc3009
{
    public const string TransferWithAuthorizationType =
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";

    public const string ReceiveWithAuthorizationType =
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";

    public static Hash32 TransferWithAuthorizationTypeHash { get; } = Keccak256.Hash(Encoding.ASCII.GetBytes(TransferWithAuthorizationType));

    public static Hash32 ReceiveWithAuthorizationTypeHash { get; } = Keccak256.Hash(Encoding.ASCII.GetBytes(ReceiveWithAuthorizationType));

    public static Hash32 TransferWithAuthorizationDigest(Eip712Domain tokenDomain, Erc3009Authorization authorization) =>
        Digest(tokenDomain, TransferWithAuthorizationTypeHash, authorization);

    public static Hash32 ReceiveWithAuthorizationDigest(Eip712Domain tokenDomain, Erc3009Authorization authorization) =>
        Digest(tokenDomain, ReceiveWithAuthorizationTypeHash, authorization);

    /// <summary>The ERC-3009 collector's nonce for a deposit: keccak256(abi.encode(channelId, salt)).</summary>
    public static Hash32 DepositNonce(Hash32 channelId, BigInteger salt)
    {
        Span<byte> encoded = stackalloc byte[2 * AbiWord.Size];
        channelId.CopyTo(encoded);
        AbiWord.Write(RequireUInt256(salt, nameof(salt)), encoded[32..]);
        return Keccak256.Hash(encoded);
    }

    private static Hash32 Digest(Eip712Domain tokenDomain, Hash32 typeHash, Erc3009Authorization authorization)
    {
        ArgumentNullException.ThrowIfNull(tokenDomain);
        ArgumentNullException.ThrowIfNull(authorization);
        Span<byte> encoded = stackalloc byte[7 * AbiWord.Size];
        typeHash.CopyTo(encoded);
        AbiWord.Write(authorization.From, encoded[32..]);
        AbiWord.Write(authorization.To, encoded[64..]);
        AbiWord.Write(RequireUInt256(authorization.Value, nameof(authorization.Value)), encoded[96..]);
        AbiWord.Write(RequireUInt256(authorization.ValidAfter, nameof(authorization.ValidAfter)), encoded[128..]);
        AbiWord.Write(RequireUInt256(authorization.ValidBefore, nameof(authorization.ValidBefore)), encoded[160..]);
        authorization.Nonce.CopyTo(encoded[192..]);
        return tokenDomain.Digest(Keccak256.Hash(encoded));
    }

    private static BigInteger RequireUInt256(BigInteger value, string name) =>
        value.Sign >= 0 && value.GetBitLength() <= 256 ? value : throw new ArgumentOutOfRangeException(name, "Expected a uint256.");
}
