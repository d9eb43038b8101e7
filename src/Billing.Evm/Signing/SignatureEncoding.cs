namespace Billing.Evm;

/// <summary>Conversions between the wire forms of an Ethereum signature: r‖s‖v (65 bytes), EIP-2098 compact (64), and (v, r, s).</summary>
public static class SignatureEncoding
{
    /// <summary>Splits a canonical 65-byte signature into v (27/28), r and s.</summary>
    public static (byte V, Hash32 R, Hash32 S) Split(ReadOnlySpan<byte> signature65)
    {
        Span<byte> rs = stackalloc byte[RecoverableSignature.CompactLength];
        var recoveryId = RecoverableSignature.TryNormalize(signature65, rs);
        if (signature65.Length != RecoverableSignature.Length || recoveryId < 0)
        {
            throw new EvmDecodingException("Not a canonical 65-byte r‖s‖v signature.");
        }

        return ((byte)(27 + recoveryId), new Hash32(rs[..32]), new Hash32(rs[32..]));
    }

    /// <summary>EIP-2098: r ‖ (yParity·2²⁵⁵ + s).</summary>
    public static byte[] ToCompact(ReadOnlySpan<byte> signature65) => RecoverableSignature.ToCompact(signature65);

    /// <summary>Expands an EIP-2098 compact signature to r‖s‖v with v = 27/28.</summary>
    public static byte[] FromCompact(ReadOnlySpan<byte> compact64)
    {
        Span<byte> rs = stackalloc byte[RecoverableSignature.CompactLength];
        var recoveryId = RecoverableSignature.TryNormalize(compact64, rs);
        if (compact64.Length != RecoverableSignature.CompactLength || recoveryId < 0)
        {
            throw new EvmDecodingException("Not a canonical 64-byte EIP-2098 signature.");
        }

        return [.. rs, (byte)(27 + recoveryId)];
    }
}
