using System.Numerics;

namespace Billing.Evm.Transactions;

/// <summary>A decoded RLP item: either a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private readonly byte[] _bytes;
    private readonly RlpItem[] _items;

    private RlpItem(byte[] bytes, RlpItem[] items, bool isList)
    {
        _bytes = bytes;
        _items = items;
        IsList = isList;
    }

    public bool IsList { get; }

    /// <summary>The payload of a byte string; refused for a list.</summary>
    public ReadOnlySpan<byte> Bytes => IsList ? throw new EvmDecodingException("Expected an RLP string, found a list.") : _bytes;

    /// <summary>The members of a list; refused for a byte string.</summary>
    public IReadOnlyList<RlpItem> Items => IsList ? _items : throw new EvmDecodingException("Expected an RLP list, found a string.");

    public static RlpItem FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), [], isList: false);

    public static RlpItem FromItems(IEnumerable<RlpItem> items) => new([], items.ToArray(), isList: true);

    /// <summary>An unsigned integer: big-endian without leading zeros (zero is the empty string).</summary>
    public BigInteger ToUnsigned(int maxBytes = 32)
    {
        var bytes = Bytes;
        if (bytes.Length > maxBytes)
        {
            throw new EvmDecodingException($"RLP integer has {bytes.Length} bytes; at most {maxBytes} allowed.");
        }

        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new EvmDecodingException("RLP integer has a leading zero byte.");
        }

        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    public ulong ToUInt64() => (ulong)ToUnsigned(maxBytes: 8);

    /// <summary>An address, or null for the empty string (contract creation).</summary>
    public Address? ToOptionalAddress()
    {
        var bytes = Bytes;
        return bytes.Length switch
        {
            0 => null,
            Address.Size => new Address(bytes),
            _ => throw new EvmDecodingException($"RLP address has {bytes.Length} bytes."),
        };
    }
}
