using System.Text.Json;
using Billing.X402.Json;

namespace Billing.X402.Exact;

/// <summary>Reads and writes the <c>payload</c> of an <c>exact</c> EVM payment (shape only; see <see cref="ExactPayloadValidator"/>).</summary>
public static class ExactPayloadReader
{
    public static X402Result<ExactEvmPayload> Read(JsonElement payload) =>
        StrictJson.Deserialize(payload, X402JsonContext.Default.ExactEvmPayload, X402ErrorReasons.InvalidPayload);

    public static JsonElement ToJsonElement(ExactEvmPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return JsonSerializer.SerializeToElement(payload, X402JsonContext.Default.ExactEvmPayload);
    }
}
