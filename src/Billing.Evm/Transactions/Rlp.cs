using System.Buffers.Binary;
using System.Numerics;

namespace Billing.Evm.Transactions;

/// <summary>
/// Recursive Length Prefix encoding (Ethereum yellow paper, appendix B). Decoding is strict: only the canonical
/// encoding of a value is accepted, and anything truncated, trailing or nested deeper than 64 levels is refused.
/// </summary>
public static class Rlp
{
    private const int MaxDepth = 64;

    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            return [bytes[0]];
        }

        var prefix = Prefix(0x80, bytes.Length);
        var encoded = new byte[prefix.Length + bytes.Length];
        prefix.CopyTo(encoded, 0);
        bytes.CopyTo(encoded.AsSpan(prefix.Length));
        return encoded;
    }

    public static byte[] EncodeUnsigned(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "RLP integers are unsigned.");
        }

        return EncodeBytes(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    public static byte[] EncodeUnsigned(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        var firstNonZero = buffer.IndexOfAnyExcept((byte)0);
        return EncodeBytes(firstNonZero < 0 ? [] : buffer[firstNonZero..]);
    }

    /// <summary>Wraps already-encoded items in a list header.</summary>
    public static byte[] EncodeList(params IReadOnlyList<byte[]> encodedItems)
    {
        ArgumentNullException.ThrowIfNull(encodedItems);
        var payloadLength = 0;
        foreach (var item in encodedItems)
        {
            payloadLength = checked(payloadLength + item.Length);
        }

        var prefix = Prefix(0xC0, payloadLength);
        var encoded = new byte[prefix.Length + payloadLength];
        prefix.CopyTo(encoded, 0);
        var position = prefix.Length;
        foreach (var item in encodedItems)
        {
            item.CopyTo(encoded, position);
            position += item.Length;
        }

        return encoded;
    }

    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.IsList ? EncodeList(item.Items.Select(Encode).ToArray()) : EncodeBytes(item.Bytes);
    }

    /// <summary>Decodes exactly one item that spans the whole input.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        var item = DecodeItem(encoded, depth: 0, out var consumed);
        if (consumed != encoded.Length)
        {
            throw new EvmDecodingException($"RLP item ends at {consumed} but the input has {encoded.Length} bytes.");
        }

        return item;
    }

    private static RlpItem DecodeItem(ReadOnlySpan<byte> input, int depth, out int consumed)
    {
        if (input.IsEmpty)
        {
            throw new EvmDecodingException("RLP input ends where an item was expected.");
        }

        if (depth > MaxDepth)
        {
            throw new EvmDecodingException("RLP lists nest too deeply.");
        }

        var first = input[0];
        if (first < 0x80)
        {
            consumed = 1;
            return RlpItem.FromBytes(input[..1]);
        }

        var isList = first >= 0xC0;
        var (headerLength, payloadLength) = ReadHeader(input, isList ? (byte)0xC0 : (byte)0x80);
        consumed = headerLength + payloadLength;
        var payload = input.Slice(headerLength, payloadLength);

        if (!isList)
        {
            if (payloadLength == 1 && payload[0] < 0x80)
            {
                throw new EvmDecodingException("RLP single byte below 0x80 must encode as itself.");
            }

            return RlpItem.FromBytes(payload);
        }

        var items = new List<RlpItem>();
        while (!payload.IsEmpty)
        {
            items.Add(DecodeItem(payload, depth + 1, out var itemLength));
            payload = payload[itemLength..];
        }

        return RlpItem.FromItems(items);
    }

    private static (int HeaderLength, int PayloadLength) ReadHeader(ReadOnlySpan<byte> input, byte offset)
    {
        var marker = input[0] - offset;
        int headerLength, payloadLength;
        if (marker <= 55)
        {
            headerLength = 1;
            payloadLength = marker;
        }
        else
        {
            var lengthOfLength = marker - 55;
            if (input.Length < 1 + lengthOfLength)
            {
                throw new EvmDecodingException("RLP length prefix is truncated.");
            }

            var lengthBytes = input.Slice(1, lengthOfLength);
            if (lengthBytes[0] == 0 || lengthOfLength > 4)
            {
                throw new EvmDecodingException("RLP length is not canonical or is too large.");
            }

            long length = 0;
            foreach (var b in lengthBytes)
            {
                length = (length << 8) | b;
            }

            if (length <= 55 || length > int.MaxValue)
            {
                throw new EvmDecodingException("RLP long form used for a short payload, or payload too large.");
            }

            headerLength = 1 + lengthOfLength;
            payloadLength = (int)length;
        }

        if (payloadLength > input.Length - headerLength)
        {
            throw new EvmDecodingException($"RLP payload of {payloadLength} bytes is truncated.");
        }

        return (headerLength, payloadLength);
    }

    private static byte[] Prefix(byte offset, int length)
    {
        if (length <= 55)
        {
            return [(byte)(offset + length)];
        }

        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, length);
        var lengthBytes = buffer[buffer.IndexOfAnyExcept((byte)0)..];
        var prefix = new byte[1 + lengthBytes.Length];
        prefix[0] = (byte)(offset + 55 + lengthBytes.Length);
        lengthBytes.CopyTo(prefix.AsSpan(1));
        return prefix;
    }
}
