using System.Text.Json;
using System.Text.Json.Serialization;

namespace Billing.Evm;

/// <summary>Reads any accepted address spelling; writes the EIP-55 form.</summary>
public sealed class AddressJsonConverter : JsonConverter<Address>
{
    public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Address.TryParse(reader.GetString(), out var address)
            ? address
            : throw new JsonException("Expected an address string (0x + 40 hex digits).");

    public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
