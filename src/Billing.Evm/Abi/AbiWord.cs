using System.Buffers.Binary;
using System.Numerics;

namespace Billing.Evm.Abi;

/// <summary>Writes and reads single 32-byte ABI words (big-endian, left-padded numbers and addresses).</summary>
public static class AbiWord
{
    public const int Size = 32;

    public static void Write(ulong value, Span<byte> word)
    {
        word[..Size].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(word[(Size - 8)..], value);
    }

    public static void Write(UInt128 value, Span<byte> word)
    {
        word[..Size].Clear();
        BinaryPrimitives.WriteUInt128BigEndian(word[(Size - 16)..], value);
    }

    public static void Write(Address value, Span<byte> word)
    {
        word[..12].Clear();
        value.AsSpan().CopyTo(word[12..]);
    }

    public static void Write(Hash32 value, Span<byte> word) => value.CopyTo(word);

    public static void Write(bool value, Span<byte> word) => Write(value ? 1UL : 0UL, word);

    /// <summary>Two's complement in 256 bits; fails when the value does not fit a signed or unsigned 256-bit word.</summary>
    public static void Write(BigInteger value, Span<byte> word)
    {
        if (value.Sign >= 0 ? value.GetBitLength() > 256 : (-value - 1).GetBitLength() > 255)
        {
            throw new OverflowException("The value does not fit a 256-bit word.");
        }

        word[..Size].Fill(value.Sign < 0 ? (byte)0xFF : (byte)0);
        var byteCount = value.GetByteCount(isUnsigned: value.Sign >= 0);
        value.TryWriteBytes(word[(Size - byteCount)..Size], out _, isUnsigned: value.Sign >= 0, isBigEndian: true);
    }

    public static BigInteger ReadUnsigned(ReadOnlySpan<byte> word) => new(word[..Size], isUnsigned: true, isBigEndian: true);

    public static BigInteger ReadSigned(ReadOnlySpan<byte> word) => new(word[..Size], isUnsigned: false, isBigEndian: true);
}
