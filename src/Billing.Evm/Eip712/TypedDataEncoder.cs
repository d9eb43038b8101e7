using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Billing.Evm.Abi;

namespace Billing.Evm.Eip712;

/// <summary>EIP-712 encodeType / encodeData / hashStruct over JSON values.</summary>
internal sealed class TypedDataEncoder(IReadOnlyDictionary<string, IReadOnlyList<TypedDataMember>> types)
{
    private const int MaxDepth = 48;

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    public static bool IsKnownType(IReadOnlyDictionary<string, IReadOnlyList<TypedDataMember>> types, string type)
    {
        var (baseType, _) = SplitArray(type);
        if (baseType is null)
        {
            return false;
        }

        if (baseType != type)
        {
            return IsKnownType(types, baseType);
        }

        return types.ContainsKey(type) || IsAtomic(type);
    }

    public static string EncodeType(IReadOnlyDictionary<string, IReadOnlyList<TypedDataMember>> types, string typeName)
    {
        if (!types.ContainsKey(typeName))
        {
            throw TypedData.Invalid($"type '{typeName}' is not defined");
        }

        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(types, typeName, dependencies);
        dependencies.Remove(typeName);

        var builder = new StringBuilder();
        foreach (var name in (IEnumerable<string>)[typeName, .. dependencies])
        {
            builder.Append(name).Append('(');
            builder.AppendJoin(',', types[name].Select(m => $"{m.Type} {m.Name}"));
            builder.Append(')');
        }

        return builder.ToString();
    }

    public Hash32 HashStruct(string typeName, JsonElement value, int depth)
    {
        if (!types.TryGetValue(typeName, out var members))
        {
            throw TypedData.Invalid($"type '{typeName}' is not defined");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw TypedData.Invalid($"a '{typeName}' value must be an object");
        }

        if (depth > MaxDepth)
        {
            throw TypedData.Invalid("values nest too deeply");
        }

        var encoded = new byte[(members.Count + 1) * AbiWord.Size];
        var typeHash = Keccak256.Hash(Encoding.UTF8.GetBytes(EncodeType(types, typeName)));
        typeHash.CopyTo(encoded);
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            if (!value.TryGetProperty(member.Name, out var field))
            {
                throw TypedData.Invalid($"'{typeName}' value lacks '{member.Name}'");
            }

            EncodeField(member.Type, field, encoded.AsSpan((i + 1) * AbiWord.Size, AbiWord.Size), depth);
        }

        return Keccak256.Hash(encoded);
    }

    private void EncodeField(string type, JsonElement value, Span<byte> word, int depth)
    {
        var (baseType, length) = SplitArray(type);
        if (baseType != type)
        {
            if (value.ValueKind != JsonValueKind.Array || (length is { } fixedLength && value.GetArrayLength() != fixedLength))
            {
                throw TypedData.Invalid($"a '{type}' value must be an array of the declared length");
            }

            var concatenated = new byte[value.GetArrayLength() * AbiWord.Size];
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                EncodeField(baseType!, item, concatenated.AsSpan(index * AbiWord.Size, AbiWord.Size), depth + 1);
                index++;
            }

            Keccak256.Hash(concatenated, word);
            return;
        }

        if (types.ContainsKey(type))
        {
            HashStruct(type, value, depth + 1).CopyTo(word);
            return;
        }

        EncodeAtomic(type, value, word);
    }

    private static void EncodeAtomic(string type, JsonElement value, Span<byte> word)
    {
        switch (type)
        {
            case "string":
                Keccak256.Hash(Encoding.UTF8.GetBytes(RequireString(type, value)), word);
                return;
            case "bytes":
                Keccak256.Hash(RequireHex(type, value), word);
                return;
            case "bool":
                AbiWord.Write(value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw TypedData.Invalid("a bool value must be true or false"),
                }, word);
                return;
            case "address":
                AbiWord.Write(Address.TryParse(RequireString(type, value), out var address)
                    ? address
                    : throw TypedData.Invalid("an address value must be 0x + 40 hex digits"), word);
                return;
        }

        var abiType = AbiType.TryParseElementary(type) ?? throw TypedData.Invalid($"unknown type '{type}'");
        if (abiType.Kind == AbiTypeKind.FixedBytes)
        {
            var bytes = RequireHex(type, value);
            if (bytes.Length != abiType.Size)
            {
                throw TypedData.Invalid($"a {type} value must have exactly {abiType.Size} bytes");
            }

            word.Clear();
            bytes.CopyTo(word);
            return;
        }

        var integer = ParseInteger(type, value);
        if (!AbiValueConversion.Fits(abiType, integer))
        {
            throw TypedData.Invalid($"{integer} does not fit {type}");
        }

        AbiWord.Write(integer, word);
    }

    // Integers arrive as JSON numbers or as decimal / 0x-hex strings; anything fractional or exponential is refused.
    private static BigInteger ParseInteger(string type, JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => throw TypedData.Invalid($"a {type} value must be a number or a numeric string"),
        };

        if (text.Length is 0 or > 100)
        {
            throw TypedData.Invalid($"a {type} value has no digits or too many");
        }

        var negative = text[0] == '-';
        var digits = negative ? text.AsSpan(1) : text.AsSpan();
        BigInteger magnitude;
        if (Hex.HasPrefix(digits))
        {
            var hexDigits = digits[2..];
            if (hexDigits.IsEmpty || hexDigits.ContainsAnyExcept(HexDigits)
                || !BigInteger.TryParse("0" + hexDigits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude))
            {
                throw TypedData.Invalid($"'{text}' is not a {type}");
            }
        }
        else if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9')
            || !BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
        {
            throw TypedData.Invalid($"'{text}' is not a {type}");
        }

        return negative ? -magnitude : magnitude;
    }

    private static string RequireString(string type, JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw TypedData.Invalid($"a {type} value must be a string");

    private static byte[] RequireHex(string type, JsonElement value) =>
        Hex.HasPrefix(RequireString(type, value)) && Hex.TryDecode(value.GetString(), out var bytes)
            ? bytes
            : throw TypedData.Invalid($"a {type} value must be 0x-prefixed hex");

    private static bool IsAtomic(string type) =>
        type is "string" or "bytes" or "bool" or "address" || AbiType.TryParseElementary(type) is not null;

    private static void CollectDependencies(
        IReadOnlyDictionary<string, IReadOnlyList<TypedDataMember>> types, string typeName, SortedSet<string> found)
    {
        if (!types.TryGetValue(typeName, out var members) || !found.Add(typeName))
        {
            return;
        }

        foreach (var member in members)
        {
            var baseType = member.Type;
            while (SplitArray(baseType) is ({ } inner, _) && inner != baseType)
            {
                baseType = inner;
            }

            CollectDependencies(types, baseType, found);
        }
    }

    /// <summary>
    /// Splits <c>T[]</c> / <c>T[k]</c> into (T, k); returns (type, null) for a non-array and (null, null) for a
    /// malformed suffix.
    /// </summary>
    private static (string? BaseType, int? Length) SplitArray(string type)
    {
        if (!type.EndsWith(']'))
        {
            return (type, null);
        }

        var open = type.LastIndexOf('[');
        if (open <= 0)
        {
            return (null, null);
        }

        var digits = type.AsSpan(open + 1, type.Length - open - 2);
        if (digits.IsEmpty)
        {
            return (type[..open], null);
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0 && digits[0] != '0'
            ? (type[..open], length)
            : (null, null);
    }
}
