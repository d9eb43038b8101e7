using System.Numerics;

namespace Billing.Evm.Transactions;

/// <summary>
/// A legacy transaction with EIP-155 replay protection: it signs rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])
/// and carries v = chainId·2 + 35 + recovery id. Kept for chains and tools that still require it.
/// </summary>
public sealed record LegacyTransaction(
    ulong ChainId,
    ulong Nonce,
    BigInteger GasPrice,
    ulong GasLimit,
    Address? To,
    BigInteger Value,
    byte[] Data)
{
    public Hash32 SigningHash()
    {
        var fields = Fields();
        fields.Add(Rlp.EncodeUnsigned(ChainId));
        fields.Add(Rlp.EncodeUnsigned(0UL));
        fields.Add(Rlp.EncodeUnsigned(0UL));
        return Keccak256.Hash(Rlp.EncodeList(fields));
    }

    public SignedTransaction Sign(PrivateKey key, ISecp256k1 curve)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(curve);
        Span<byte> signature = stackalloc byte[65];
        curve.Sign(SigningHash().AsSpan(), key, signature);
        var v = checked((new BigInteger(ChainId) * 2) + 35 + (signature[64] - 27));
        var fields = Fields();
        fields.Add(Rlp.EncodeUnsigned(v));
        fields.Add(TransactionFields.EncodeScalar(signature[..32]));
        fields.Add(TransactionFields.EncodeScalar(signature[32..64]));
        var raw = Rlp.EncodeList(fields);
        return new SignedTransaction(raw, Keccak256.Hash(raw));
    }

    private List<byte[]> Fields()
    {
        ArgumentNullException.ThrowIfNull(Data);
        TransactionFields.RequireNonNegative(GasPrice, nameof(GasPrice));
        TransactionFields.RequireNonNegative(Value, nameof(Value));
        return
        [
            Rlp.EncodeUnsigned(Nonce),
            Rlp.EncodeUnsigned(GasPrice),
            Rlp.EncodeUnsigned(GasLimit),
            TransactionFields.EncodeTo(To),
            Rlp.EncodeUnsigned(Value),
            Rlp.EncodeBytes(Data),
        ];
    }
}
