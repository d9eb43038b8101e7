using System.Text;
using System.Text.Json;

namespace Billing.Evm.Eip712;

/// <summary>
/// EIP-712 typed data in the JSON form of <c>eth_signTypedData_v4</c>: <c>types</c>, <c>primaryType</c>,
/// <c>domain</c> and <c>message</c>, with nested structs and arrays. Malformed JSON, unknown types, missing fields and
/// out-of-range values are refused with <see cref="EvmDecodingException"/>.
/// </summary>
public sealed class TypedData
{
    public const string DomainTypeName = "EIP712Domain";

    // The members eth_signTypedData_v4 implementations assume, in this order, when the JSON omits EIP712Domain.
    private static readonly TypedDataMember[] ImplicitDomainMembers =
    [
        new("name", "string"), new("version", "string"), new("chainId", "uint256"),
        new("verifyingContract", "address"), new("salt", "bytes32"),
    ];

    private static readonly System.Buffers.SearchValues<char> IdentifierChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$");

    private readonly Dictionary<string, IReadOnlyList<TypedDataMember>> _types;

    private TypedData(Dictionary<string, IReadOnlyList<TypedDataMember>> types, string primaryType, JsonElement domain, JsonElement message)
    {
        _types = types;
        PrimaryType = primaryType;
        Domain = domain;
        Message = message;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<TypedDataMember>> Types => _types;

    public string PrimaryType { get; }

    public JsonElement Domain { get; }

    public JsonElement Message { get; }

    public static TypedData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return FromJson(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new EvmDecodingException("Typed data is not valid JSON.", ex);
        }
    }

    public static TypedData FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("the root must be an object");
        }

        var typesElement = Property(root, "types", JsonValueKind.Object);
        var primaryType = Property(root, "primaryType", JsonValueKind.String).GetString()!;
        var domain = Property(root, "domain", JsonValueKind.Object).Clone();
        var message = Property(root, "message", JsonValueKind.Object).Clone();

        var types = new Dictionary<string, IReadOnlyList<TypedDataMember>>(StringComparer.Ordinal);
        foreach (var type in typesElement.EnumerateObject())
        {
            if (!IsIdentifier(type.Name) || type.Value.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"type '{type.Name}' must be an identifier with an array of members");
            }

            var members = new List<TypedDataMember>();
            foreach (var member in type.Value.EnumerateArray())
            {
                if (member.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid($"a member of '{type.Name}' is not an object");
                }

                members.Add(new TypedDataMember(
                    Property(member, "name", JsonValueKind.String).GetString()!,
                    Property(member, "type", JsonValueKind.String).GetString()!));
            }

            if (!types.TryAdd(type.Name, members))
            {
                throw Invalid($"type '{type.Name}' is defined twice");
            }
        }

        if (!types.ContainsKey(DomainTypeName))
        {
            types[DomainTypeName] = ImplicitDomainMembers.Where(m => domain.TryGetProperty(m.Name, out _)).ToArray();
        }

        var typedData = new TypedData(types, primaryType, domain, message);
        typedData.Validate();
        return typedData;
    }

    /// <summary>keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)): what <c>eth_signTypedData_v4</c> signs.</summary>
    public Hash32 Digest()
    {
        var digest = new byte[Keccak256.HashSize];
        Eip712Digest.Write(DomainSeparator().AsSpan(), HashStruct(PrimaryType, Message).AsSpan(), digest);
        return Hash32.WrapUnsafe(digest);
    }

    public Hash32 DomainSeparator() => HashStruct(DomainTypeName, Domain);

    public Hash32 HashStruct(string typeName, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        return new TypedDataEncoder(_types).HashStruct(typeName, value, depth: 0);
    }

    /// <summary>The EIP-712 encodeType string: the type itself, then its dependencies sorted by name.</summary>
    public string EncodeType(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        return TypedDataEncoder.EncodeType(_types, typeName);
    }

    public Hash32 TypeHash(string typeName) => Keccak256.Hash(Encoding.UTF8.GetBytes(EncodeType(typeName)));

    private void Validate()
    {
        if (!_types.ContainsKey(PrimaryType))
        {
            throw Invalid($"primaryType '{PrimaryType}' is not defined");
        }

        foreach (var (typeName, members) in _types)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                if (!IsIdentifier(member.Name) || !names.Add(member.Name))
                {
                    throw Invalid($"member '{member.Name}' of '{typeName}' is not a unique identifier");
                }

                if (!TypedDataEncoder.IsKnownType(_types, member.Type))
                {
                    throw Invalid($"member '{member.Name}' of '{typeName}' has unknown type '{member.Type}'");
                }
            }
        }
    }

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw Invalid($"'{name}' must be a JSON {kind.ToString().ToLowerInvariant()}");

    internal static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 256
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.AsSpan(1).IndexOfAnyExcept(IdentifierChars) < 0;

    internal static EvmDecodingException Invalid(string what) => new($"Invalid typed data: {what}.");
}
