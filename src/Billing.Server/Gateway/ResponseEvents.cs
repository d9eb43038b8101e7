using System.Text.Json;

namespace Billing.Server.Gateway;

/// <summary>
/// Counts the tokens of one event of an OpenAI Responses API stream (<c>POST /v1/responses</c>), by the
/// <see cref="DeltaTokens"/> rule: a <c>response.output_text.delta</c> (or <c>response.refusal.delta</c>) with
/// non-empty text is one output token, a <c>response.reasoning_text.delta</c> or
/// <c>response.reasoning_summary_text.delta</c> one reasoning token. The usage arrives in the final
/// <c>response.completed</c> (or <c>response.incomplete</c>, <c>response.failed</c>) event, in <c>response.usage</c>.
/// Events are told apart by their <c>type</c> field, which every Responses API event carries (the SSE event name is
/// optional on the wire).
/// </summary>
public static class ResponseEvents
{
    /// <exception cref="JsonException">The event data is not one well-formed JSON value.</exception>
    public static ChunkTokens InEvent(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var (output, reasoning, final, hasDelta) = (false, false, false, false);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isDelta = !isType && reader.ValueTextEquals("delta"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    output = reader.ValueTextEquals("response.output_text.delta"u8) || reader.ValueTextEquals("response.refusal.delta"u8);
                    reasoning = reader.ValueTextEquals("response.reasoning_text.delta"u8) || reader.ValueTextEquals("response.reasoning_summary_text.delta"u8);
                    final = reader.ValueTextEquals("response.completed"u8) || reader.ValueTextEquals("response.incomplete"u8)
                        || reader.ValueTextEquals("response.failed"u8);
                }

                hasDelta |= isDelta && reader.TokenType == JsonTokenType.String && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > 0;
                reader.Skip();
            }
        }
        else
        {
            reader.Skip();
        }

        // Reading past the value throws on anything after it, as a full parse would.
        reader.Read();
        return new ChunkTokens(output && hasDelta ? 1UL : 0UL, reasoning && hasDelta ? 1UL : 0UL, final);
    }

    /// <summary>The usage object of a final event (<c>response.usage</c>), when it has a non-null one.</summary>
    public static bool TryFindUsage(JsonElement root, out JsonElement usage)
    {
        usage = default;
        return root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("response", out var response)
            && ReportedUsage.TryFind(response, out usage);
    }
}
