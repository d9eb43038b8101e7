using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Billing.Evm.Abi;

/// <summary>
/// Standard (non-packed) ABI encoding. Values are CLR objects: integers (any primitive, <see cref="UInt128"/>,
/// <see cref="Int128"/>, <see cref="BigInteger"/>), <see cref="Evm.Address"/>, bool, byte[] /
/// <see cref="ReadOnlyMemory{T}"/> / <see cref="Hash32"/> for bytes, string, and lists or tuples for arrays and tuples.
/// </summary>
public static class AbiEncoder
{
    /// <summary>Encodes a parameter list, i.e. the tuple of <paramref name="types"/>, as call data arguments.</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return Encode(AbiType.Tuple(types), values);
    }

    /// <summary>Encodes one value the way it sits at the top level of <c>abi.encode(value)</c>.</summary>
    public static byte[] Encode(AbiType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        var topLevel = type.Kind == AbiTypeKind.Tuple ? type : AbiType.Tuple(type);
        var topValue = type.Kind == AbiTypeKind.Tuple ? value : new[] { value };
        var buffer = new byte[SizeOf(topLevel, topValue)];
        Write(topLevel, topValue, buffer);
        return buffer;
    }

    /// <summary>Selector followed by the encoded arguments.</summary>
    public static byte[] EncodeCall(ReadOnlySpan<byte> selector, IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        if (selector.Length != 4)
        {
            throw new ArgumentException("A selector has 4 bytes.", nameof(selector));
        }

        var arguments = Encode(types, values);
        var call = new byte[4 + arguments.Length];
        selector.CopyTo(call);
        arguments.CopyTo(call, 4);
        return call;
    }

    private static int SizeOf(AbiType type, object? value)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
                return checked(AbiWord.Size + Padded(AsBytes(type, value).Length));
            case AbiTypeKind.String:
                return checked(AbiWord.Size + Padded(Encoding.UTF8.GetByteCount(AsString(value))));
            case AbiTypeKind.Array:
            {
                var items = AsList(type, value);
                return checked(AbiWord.Size + SizeOfSequence(type.Element!, items));
            }

            case AbiTypeKind.FixedArray:
            {
                var items = AsList(type, value);
                RequireCount(type, items, type.Size);
                return SizeOfSequence(type.Element!, items);
            }

            case AbiTypeKind.Tuple:
            {
                var items = AsList(type, value);
                RequireCount(type, items, type.Components.Count);
                var size = 0;
                for (var i = 0; i < items.Count; i++)
                {
                    var component = type.Components[i];
                    size = checked(size + (component.IsDynamic ? AbiWord.Size + SizeOf(component, items[i]) : component.StaticSize));
                }

                return size;
            }

            default:
                return AbiWord.Size;
        }
    }

    private static int SizeOfSequence(AbiType element, IReadOnlyList<object?> items)
    {
        if (!element.IsDynamic)
        {
            return checked(items.Count * element.StaticSize);
        }

        var size = 0;
        foreach (var item in items)
        {
            size = checked(size + AbiWord.Size + SizeOf(element, item));
        }

        return size;
    }

    private static int Write(AbiType type, object? value, Span<byte> destination)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                AbiWord.Write(AbiValueConversion.ToInteger(type, value), destination);
                return AbiWord.Size;
            case AbiTypeKind.Address:
                AbiWord.Write(AbiValueConversion.ToAddress(value), destination);
                return AbiWord.Size;
            case AbiTypeKind.Bool:
                AbiWord.Write(value is bool b ? b : throw Mismatch(type, value), destination);
                return AbiWord.Size;
            case AbiTypeKind.FixedBytes:
            {
                var bytes = AsBytes(type, value);
                if (bytes.Length != type.Size)
                {
                    throw new ArgumentException($"{type} takes exactly {type.Size} bytes, not {bytes.Length}.");
                }

                destination[..AbiWord.Size].Clear();
                bytes.CopyTo(destination);
                return AbiWord.Size;
            }

            case AbiTypeKind.Bytes:
                return WriteBytes(AsBytes(type, value), destination);
            case AbiTypeKind.String:
                return WriteBytes(Encoding.UTF8.GetBytes(AsString(value)), destination);
            case AbiTypeKind.Array:
            {
                var items = AsList(type, value);
                AbiWord.Write((ulong)items.Count, destination);
                return AbiWord.Size + WriteSequence(type.Element!, items, destination[AbiWord.Size..]);
            }

            case AbiTypeKind.FixedArray:
            {
                var items = AsList(type, value);
                RequireCount(type, items, type.Size);
                return WriteSequence(type.Element!, items, destination);
            }

            default:
            {
                var items = AsList(type, value);
                RequireCount(type, items, type.Components.Count);
                return WriteTuple(type.Components, items, destination);
            }
        }
    }

    private static int WriteSequence(AbiType element, IReadOnlyList<object?> items, Span<byte> destination)
    {
        var types = new AbiType[items.Count];
        Array.Fill(types, element);
        return WriteTuple(types, items, destination);
    }

    // Heads in order; each dynamic member's head is the offset of its tail, measured from the start of this tuple.
    private static int WriteTuple(IReadOnlyList<AbiType> types, IReadOnlyList<object?> items, Span<byte> destination)
    {
        var head = 0;
        foreach (var type in types)
        {
            head += type.StaticSize;
        }

        var tail = head;
        var position = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                AbiWord.Write((ulong)tail, destination[position..]);
                tail += Write(type, items[i], destination[tail..]);
                position += AbiWord.Size;
            }
            else
            {
                position += Write(type, items[i], destination[position..]);
            }
        }

        return tail;
    }

    private static int WriteBytes(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        AbiWord.Write((ulong)bytes.Length, destination);
        var padded = Padded(bytes.Length);
        destination.Slice(AbiWord.Size, padded).Clear();
        bytes.CopyTo(destination[AbiWord.Size..]);
        return AbiWord.Size + padded;
    }

    private static int Padded(int length) => checked((length + 31) / 32 * 32);

    private static ReadOnlySpan<byte> AsBytes(AbiType type, object? value) => value switch
    {
        byte[] array => array,
        ReadOnlyMemory<byte> memory => memory.Span,
        Memory<byte> memory => memory.Span,
        Hash32 hash => hash.AsSpan(),
        Address address => address.AsSpan(),
        _ => throw Mismatch(type, value),
    };

    private static string AsString(object? value) =>
        value as string ?? throw new ArgumentException("A string parameter needs a string value.");

    private static IReadOnlyList<object?> AsList(AbiType type, object? value)
    {
        switch (value)
        {
            case IReadOnlyList<object?> list:
                return list;
            case ITuple tuple:
            {
                var items = new object?[tuple.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = tuple[i];
                }

                return items;
            }

            case IEnumerable sequence when value is not string and not byte[]:
                return sequence.Cast<object?>().ToArray();
            default:
                throw Mismatch(type, value);
        }
    }

    private static void RequireCount(AbiType type, IReadOnlyList<object?> items, int expected)
    {
        if (items.Count != expected)
        {
            throw new ArgumentException($"{type} takes {expected} values, not {items.Count}.");
        }
    }

    private static ArgumentException Mismatch(AbiType type, object? value) =>
        new($"A {value?.GetType().Name ?? "null"} value cannot be encoded as {type}.");
}
