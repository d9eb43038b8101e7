using System.Text.Json;
using System.Text.Json.Serialization;

namespace Billing.Evm;

/// <summary>Reads and writes a bytes32 as strict <c>0x</c> + 64 hex digits.</summary>
public sealed class Hash32JsonConverter : JsonConverter<Hash32>
{
    public override Hash32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Hash32.TryParse(reader.GetString(), out var hash)
            ? hash
            : throw new JsonException("Expected a bytes32 string (0x + 64 hex digits).");

    public override void Write(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
