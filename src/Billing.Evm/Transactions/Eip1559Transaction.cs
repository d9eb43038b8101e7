using System.Numerics;

namespace Billing.Evm.Transactions;

/// <summary>
/// An EIP-1559 (type 2) transaction. Signed form: <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
/// gasLimit, to, value, data, accessList, yParity, r, s])</c>; the signature covers the same list without the last three.
/// </summary>
public sealed record Eip1559Transaction(
    ulong ChainId,
    ulong Nonce,
    BigInteger MaxPriorityFeePerGas,
    BigInteger MaxFeePerGas,
    ulong GasLimit,
    Address? To,
    BigInteger Value,
    byte[] Data,
    IReadOnlyList<AccessListEntry>? AccessList = null)
{
    public const byte TypeByte = 0x02;

    /// <summary>keccak256 of the unsigned envelope: what the sender's key signs.</summary>
    public Hash32 SigningHash() => Keccak256.Hash(Envelope(UnsignedFields()));

    public SignedTransaction Sign(PrivateKey key, ISecp256k1 curve)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(curve);
        Span<byte> signature = stackalloc byte[65];
        curve.Sign(SigningHash().AsSpan(), key, signature);
        return WithSignature((byte)(signature[64] - 27), signature[..32], signature[32..64]);
    }

    /// <summary>Assembles the signed envelope from a signature made elsewhere (a remote signer, an HSM).</summary>
    public SignedTransaction WithSignature(byte yParity, ReadOnlySpan<byte> r32, ReadOnlySpan<byte> s32)
    {
        if (yParity > 1 || r32.Length != 32 || s32.Length != 32)
        {
            throw new ArgumentException("A type-2 signature is yParity ∈ {0, 1} and 32-byte r and s.");
        }

        var fields = UnsignedFields();
        fields.Add(Rlp.EncodeUnsigned((ulong)yParity));
        fields.Add(TransactionFields.EncodeScalar(r32));
        fields.Add(TransactionFields.EncodeScalar(s32));
        var raw = Envelope(fields);
        return new SignedTransaction(raw, Keccak256.Hash(raw));
    }

    private List<byte[]> UnsignedFields()
    {
        ArgumentNullException.ThrowIfNull(Data);
        TransactionFields.RequireNonNegative(MaxPriorityFeePerGas, nameof(MaxPriorityFeePerGas));
        TransactionFields.RequireNonNegative(MaxFeePerGas, nameof(MaxFeePerGas));
        TransactionFields.RequireNonNegative(Value, nameof(Value));
        return
        [
            Rlp.EncodeUnsigned(ChainId),
            Rlp.EncodeUnsigned(Nonce),
            Rlp.EncodeUnsigned(MaxPriorityFeePerGas),
            Rlp.EncodeUnsigned(MaxFeePerGas),
            Rlp.EncodeUnsigned(GasLimit),
            TransactionFields.EncodeTo(To),
            Rlp.EncodeUnsigned(Value),
            Rlp.EncodeBytes(Data),
            TransactionFields.EncodeAccessList(AccessList),
        ];
    }

    private static byte[] Envelope(List<byte[]> fields)
    {
        var list = Rlp.EncodeList(fields);
        var envelope = new byte[1 + list.Length];
        envelope[0] = TypeByte;
        list.CopyTo(envelope, 1);
        return envelope;
    }
}
