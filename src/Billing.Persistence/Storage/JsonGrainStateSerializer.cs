using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Billing.Persistence.Storage;

/// <summary>
/// Writes grain state as UTF-8 JSON with System.Text.Json. The channel ledger's state is a plain domain type (the domain
/// project carries no Orleans attributes), amounts are UInt128 and serialize as exact JSON numbers, and a row an operator
/// reads in the database is legible. The cost next to the database write it precedes is negligible.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
            ?? throw new JsonException($"Stored state for {typeof(T).Name} is null.");
    }
}
