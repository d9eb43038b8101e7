using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Billing.Evm.Rpc;

/// <summary>JSON-RPC value encodings: quantities are 0x hex without leading zeros, data is 0x hex of whole bytes.</summary>
public static class RpcQuantity
{
    public static string Encode(BigInteger value) =>
        value.Sign < 0
            ? throw new ArgumentOutOfRangeException(nameof(value), "Quantities are unsigned.")
            : value.IsZero ? "0x0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');

    public static string Encode(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static BigInteger ParseBig(string? text)
    {
        if (text is null || text.Length < 3 || text.Length > 66 || !Hex.HasPrefix(text))
        {
            throw new EvmDecodingException($"'{text}' is not a JSON-RPC quantity.");
        }

        var digits = text.AsSpan(2);
        foreach (var c in digits)
        {
            if (Hex.DigitValue(c) < 0)
            {
                throw new EvmDecodingException($"'{text}' is not a JSON-RPC quantity.");
            }
        }

        return BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static ulong Parse(string? text)
    {
        var value = ParseBig(text);
        return value <= ulong.MaxValue ? (ulong)value : throw new EvmDecodingException($"'{text}' does not fit 64 bits.");
    }

    internal static ulong Parse(JsonElement element) => Parse(RequireString(element));

    internal static BigInteger ParseBig(JsonElement element) => ParseBig(RequireString(element));

    internal static byte[] ParseData(JsonElement element) =>
        Hex.TryDecode(RequireString(element), out var bytes) ? bytes : throw new EvmDecodingException("Expected 0x hex data.");

    internal static string RequireString(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new EvmDecodingException($"Expected a JSON string, got {element.ValueKind}.");

    internal static JsonNode Node(ulong value) => JsonValue.Create(Encode(value));

    internal static JsonNode Node(BigInteger value) => JsonValue.Create(Encode(value));

    internal static JsonNode Node(ReadOnlySpan<byte> data) => JsonValue.Create(Hex.Encode(data));

    internal static JsonNode Node(Address address) => JsonValue.Create(address.ToLowerHex());

    internal static JsonNode Node(Hash32 hash) => JsonValue.Create(hash.ToString());

    internal static JsonNode Node(string text) => JsonValue.Create(text);
}
