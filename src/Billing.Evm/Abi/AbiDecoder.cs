using System.Numerics;
using System.Text;

namespace Billing.Evm.Abi;

/// <summary>
/// Strict ABI decoding. Results: <see cref="BigInteger"/> for integers, <see cref="Evm.Address"/>, bool, byte[] for
/// bytes and bytesN, string, and object?[] for arrays and tuples. Dirty padding, out-of-range values, offsets or
/// lengths outside the data, invalid UTF-8 and encodings that would take more work than their size justifies are all
/// refused with <see cref="EvmDecodingException"/>.
/// </summary>
public static class AbiDecoder
{
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return (object?[])Decode(AbiType.Tuple(types), data)!;
    }

    /// <summary>Decodes one value encoded as by <c>abi.encode(value)</c> (a tuple decodes to object?[]).</summary>
    public static object? Decode(AbiType type, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(type);
        var budget = new WorkBudget(data.Length);
        if (type.Kind == AbiTypeKind.Tuple)
        {
            return DecodeTuple(type.Components, data, ref budget);
        }

        return DecodeTuple([type], data, ref budget)[0];
    }

    private static object?[] DecodeTuple(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, ref WorkBudget budget)
    {
        var values = new object?[types.Count];
        var position = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                var offset = ReadSize(data, position, ref budget);
                if (offset > data.Length)
                {
                    throw new EvmDecodingException($"ABI offset {offset} points past the end of {data.Length} bytes.");
                }

                values[i] = DecodeDynamic(type, data[offset..], ref budget);
                position += AbiWord.Size;
            }
            else
            {
                values[i] = DecodeStatic(type, data, position, ref budget);
                position += type.StaticSize;
            }
        }

        return values;
    }

    private static object? DecodeDynamic(AbiType type, ReadOnlySpan<byte> data, ref WorkBudget budget)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
                return ReadBytes(data, ref budget).ToArray();
            case AbiTypeKind.String:
                try
                {
                    return StrictUtf8.GetString(ReadBytes(data, ref budget));
                }
                catch (DecoderFallbackException ex)
                {
                    throw new EvmDecodingException("ABI string is not valid UTF-8.", ex);
                }

            case AbiTypeKind.Array:
            {
                var count = ReadSize(data, 0, ref budget);
                var body = data[AbiWord.Size..];
                // Every element needs at least one head word, so a count the data cannot hold is refused before allocating.
                if ((long)count * Math.Max(type.Element!.StaticSize, AbiWord.Size) > body.Length)
                {
                    throw new EvmDecodingException($"ABI array claims {count} elements but only {body.Length} bytes follow.");
                }

                budget.Spend(count);
                return DecodeSequence(type.Element, count, body, ref budget);
            }

            case AbiTypeKind.FixedArray:
                return DecodeSequence(type.Element!, type.Size, data, ref budget);
            default:
                return DecodeTuple(type.Components, data, ref budget);
        }
    }

    private static object?[] DecodeSequence(AbiType element, int count, ReadOnlySpan<byte> data, ref WorkBudget budget)
    {
        var types = new AbiType[count];
        Array.Fill(types, element);
        return DecodeTuple(types, data, ref budget);
    }

    private static object? DecodeStatic(AbiType type, ReadOnlySpan<byte> data, int position, ref WorkBudget budget)
    {
        if (type.Kind is AbiTypeKind.FixedArray or AbiTypeKind.Tuple)
        {
            if (position + type.StaticSize > data.Length)
            {
                throw Truncated(type, position, data.Length);
            }

            return DecodeDynamic(type, data[position..], ref budget);
        }

        var word = ReadWord(data, position, ref budget);
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                var value = AbiWord.ReadUnsigned(word);
                return AbiValueConversion.Fits(type, value) ? value : throw Dirty(type);
            }

            case AbiTypeKind.Int:
            {
                var value = AbiWord.ReadSigned(word);
                return AbiValueConversion.Fits(type, value) ? value : throw Dirty(type);
            }

            case AbiTypeKind.Address:
                return word[..12].IndexOfAnyExcept((byte)0) < 0 ? new Address(word[12..]) : throw Dirty(type);
            case AbiTypeKind.Bool:
                return word[..31].IndexOfAnyExcept((byte)0) < 0 && word[31] <= 1 ? word[31] == 1 : throw Dirty(type);
            default:
                return word[type.Size..].IndexOfAnyExcept((byte)0) < 0 ? word[..type.Size].ToArray() : throw Dirty(type);
        }
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> data, ref WorkBudget budget)
    {
        var length = ReadSize(data, 0, ref budget);
        if (length > data.Length - AbiWord.Size)
        {
            throw new EvmDecodingException($"ABI bytes claim {length} bytes but only {data.Length - AbiWord.Size} follow.");
        }

        budget.Spend((length + 31) / 32);
        return data.Slice(AbiWord.Size, length);
    }

    private static ReadOnlySpan<byte> ReadWord(ReadOnlySpan<byte> data, int position, ref WorkBudget budget)
    {
        if (position > data.Length - AbiWord.Size)
        {
            throw new EvmDecodingException($"ABI data ends at {data.Length} bytes; a word at {position} is missing.");
        }

        budget.Spend(1);
        return data.Slice(position, AbiWord.Size);
    }

    // Offsets and lengths must fit an int before they can index anything; larger ones are bad input, not overflow.
    private static int ReadSize(ReadOnlySpan<byte> data, int position, ref WorkBudget budget)
    {
        var word = ReadWord(data, position, ref budget);
        if (word[..28].IndexOfAnyExcept((byte)0) >= 0 || word[28] >= 0x80)
        {
            throw new EvmDecodingException("ABI offset or length is out of range.");
        }

        return (word[28] << 24) | (word[29] << 16) | (word[30] << 8) | word[31];
    }

    private static EvmDecodingException Dirty(AbiType type) => new($"ABI word is not a valid {type}.");

    private static EvmDecodingException Truncated(AbiType type, int position, int length) =>
        new($"ABI data of {length} bytes is too short for {type} at {position}.");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Offsets may legally alias, so a small input could otherwise make the decoder read the same region again and
    /// again. A canonical encoding reads each word once; we allow twice that plus a constant, and no more.
    /// </summary>
    private struct WorkBudget(int dataLength)
    {
        private long _wordsLeft = (2L * (dataLength / AbiWord.Size)) + 64;

        public void Spend(int words)
        {
            _wordsLeft -= words;
            if (_wordsLeft < 0)
            {
                throw new EvmDecodingException("ABI data references itself more often than its size allows.");
            }
        }
    }
}
