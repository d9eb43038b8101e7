namespace Billing.Evm;

/// <summary>Splits the two accepted wire forms of a signature into r, s and the recovery id, enforcing low-s.</summary>
internal static class RecoverableSignature
{
    public const int Length = 65;
    public const int CompactLength = 64;

    /// <summary>
    /// Writes r‖s (64 bytes) into <paramref name="rs"/> and returns the recovery id 0 or 1, or −1 when the signature is
    /// not a canonical one: wrong length, v outside {0, 1, 27, 28}, r or s outside [1, n−1], or s above n/2.
    /// </summary>
    public static int TryNormalize(ReadOnlySpan<byte> signature, Span<byte> rs)
    {
        int recoveryId;
        switch (signature.Length)
        {
            case Length:
                recoveryId = signature[64] switch
                {
                    0 or 27 => 0,
                    1 or 28 => 1,
                    _ => -1,
                };
                if (recoveryId < 0)
                {
                    return -1;
                }

                signature[..64].CopyTo(rs);
                break;
            case CompactLength:
                // EIP-2098: yParity is the top bit of the second word, which a low s never uses.
                signature.CopyTo(rs);
                recoveryId = rs[32] >> 7;
                rs[32] &= 0x7F;
                break;
            default:
                return -1;
        }

        return CurveOrder.IsValidScalar(rs[..32]) && CurveOrder.IsLowS(rs[32..64]) ? recoveryId : -1;
    }

    /// <summary>Converts a 65-byte r‖s‖v signature to its 64-byte EIP-2098 form.</summary>
    public static byte[] ToCompact(ReadOnlySpan<byte> signature65)
    {
        Span<byte> rs = stackalloc byte[CompactLength];
        var recoveryId = TryNormalize(signature65, rs);
        if (signature65.Length != Length || recoveryId < 0)
        {
            throw new EvmDecodingException("Not a canonical 65-byte r‖s‖v signature.");
        }

        var compact = rs.ToArray();
        compact[32] |= (byte)(recoveryId << 7);
        return compact;
    }
}
