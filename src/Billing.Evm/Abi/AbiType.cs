using System.Text;

namespace Billing.Evm.Abi;

/// <summary>
/// A Solidity ABI type: <c>uintN</c>, <c>intN</c>, <c>address</c>, <c>bool</c>, <c>bytesN</c>, <c>bytes</c>,
/// <c>string</c>, <c>T[]</c>, <c>T[k]</c> and tuples <c>(T1,T2,…)</c>. Immutable; parse once and reuse.
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    private AbiType(AbiTypeKind kind, int size, AbiType? element, IReadOnlyList<AbiType>? components)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Components = components ?? [];
        IsDynamic = kind switch
        {
            AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.Array => true,
            AbiTypeKind.FixedArray => element!.IsDynamic,
            AbiTypeKind.Tuple => Components.Any(c => c.IsDynamic),
            _ => false,
        };
        StaticSize = IsDynamic
            ? AbiWord.Size
            : kind switch
            {
                AbiTypeKind.FixedArray => checked(size * element!.StaticSize),
                AbiTypeKind.Tuple => Components.Sum(c => c.StaticSize),
                _ => AbiWord.Size,
            };
        CanonicalName = kind switch
        {
            AbiTypeKind.UInt => $"uint{size}",
            AbiTypeKind.Int => $"int{size}",
            AbiTypeKind.Address => "address",
            AbiTypeKind.Bool => "bool",
            AbiTypeKind.FixedBytes => $"bytes{size}",
            AbiTypeKind.Bytes => "bytes",
            AbiTypeKind.String => "string",
            AbiTypeKind.Array => $"{element!.CanonicalName}[]",
            AbiTypeKind.FixedArray => $"{element!.CanonicalName}[{size}]",
            _ => $"({string.Join(',', Components.Select(c => c.CanonicalName))})",
        };
    }

    public static AbiType Address { get; } = new(AbiTypeKind.Address, 0, null, null);

    public static AbiType Bool { get; } = new(AbiTypeKind.Bool, 0, null, null);

    public static AbiType Bytes { get; } = new(AbiTypeKind.Bytes, 0, null, null);

    public static AbiType String { get; } = new(AbiTypeKind.String, 0, null, null);

    public static AbiType Bytes32 { get; } = new(AbiTypeKind.FixedBytes, 32, null, null);

    public static AbiType UInt256 { get; } = new(AbiTypeKind.UInt, 256, null, null);

    public AbiTypeKind Kind { get; }

    /// <summary>Bits for uintN/intN, bytes for bytesN, length for T[k]; 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>The element type of an array, else null.</summary>
    public AbiType? Element { get; }

    /// <summary>The component types of a tuple, else empty.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    public bool IsDynamic { get; }

    /// <summary>Bytes the type takes in a head: its full size when static, one offset word when dynamic.</summary>
    public int StaticSize { get; }

    /// <summary>The form used in signatures, e.g. <c>(address,uint128)[]</c>.</summary>
    public string CanonicalName { get; }

    public static AbiType UInt(int bits) => new(AbiTypeKind.UInt, CheckBits(bits), null, null);

    public static AbiType Int(int bits) => new(AbiTypeKind.Int, CheckBits(bits), null, null);

    public static AbiType FixedBytes(int size) =>
        size is >= 1 and <= 32
            ? new(AbiTypeKind.FixedBytes, size, null, null)
            : throw new ArgumentOutOfRangeException(nameof(size), "bytesN has 1 ≤ N ≤ 32.");

    public static AbiType ArrayOf(AbiType element) => new(AbiTypeKind.Array, 0, element, null);

    public static AbiType FixedArrayOf(AbiType element, int length) =>
        length >= 1
            ? new(AbiTypeKind.FixedArray, length, element, null)
            : throw new ArgumentOutOfRangeException(nameof(length), "A fixed array has at least one element.");

    public static AbiType Tuple(params AbiType[] components) => new(AbiTypeKind.Tuple, 0, null, components.ToArray());

    public static AbiType Tuple(IEnumerable<AbiType> components) => new(AbiTypeKind.Tuple, 0, null, components.ToArray());

    /// <summary>Parses a type such as <c>uint256</c>, <c>(address,uint128)[]</c> or <c>tuple(bytes32,bool)[2]</c>.</summary>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new AbiSignatureParser(text);
        var type = parser.ParseType();
        parser.ExpectEnd();
        return type;
    }

    public bool Equals(AbiType? other) => other is not null && CanonicalName == other.CanonicalName;

    public override bool Equals(object? obj) => Equals(obj as AbiType);

    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => CanonicalName;

    /// <summary>Elementary type names: uintN, intN, address, bool, bytesN, bytes, string (and the aliases uint, int).</summary>
    internal static AbiType? TryParseElementary(string name)
    {
        switch (name)
        {
            case "address":
                return Address;
            case "bool":
                return Bool;
            case "bytes":
                return Bytes;
            case "string":
                return String;
            case "uint":
                return UInt256;
            case "int":
                return Int(256);
        }

        if (TrySuffix(name, "uint", out var bits) && IsValidBits(bits))
        {
            return UInt(bits);
        }

        if (TrySuffix(name, "int", out bits) && IsValidBits(bits))
        {
            return Int(bits);
        }

        if (TrySuffix(name, "bytes", out var size) && size is >= 1 and <= 32)
        {
            return FixedBytes(size);
        }

        return null;
    }

    private static bool TrySuffix(string name, string prefix, out int number)
    {
        number = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length || name.Length > prefix.Length + 3)
        {
            return false;
        }

        var digits = name.AsSpan(prefix.Length);
        return digits[0] != '0' && int.TryParse(digits, System.Globalization.NumberStyles.None, null, out number);
    }

    private static bool IsValidBits(int bits) => bits is >= 8 and <= 256 && bits % 8 == 0;

    private static int CheckBits(int bits) =>
        IsValidBits(bits) ? bits : throw new ArgumentOutOfRangeException(nameof(bits), "Integer types have 8 to 256 bits in steps of 8.");

    internal static string Describe(IEnumerable<AbiType> types)
    {
        var builder = new StringBuilder("(");
        builder.AppendJoin(',', types.Select(t => t.CanonicalName));
        return builder.Append(')').ToString();
    }
}
