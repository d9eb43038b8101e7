using System.Text;
using System.Text.Json;

namespace Billing.Server.Gateway;

/// <summary>
/// Counts completion tokens from the response itself, for upstreams that report no <c>usage</c>. The rule, documented
/// for operators and agents: in a stream, every choice of a chunk that carries non-empty text
/// (<c>delta.content</c>, or <c>text</c> for legacy completions) is one output token, and one carrying non-empty
/// <c>delta.reasoning_content</c> (or <c>delta.reasoning</c>) is one reasoning token, because OpenAI-compatible servers
/// stream one token per chunk. In a JSON answer, each choice's text is one output token per started 4 UTF-8 bytes. Prompt
/// tokens that the upstream does not report are not charged: the gateway never bills what it did not measure.
/// </summary>
public static class DeltaTokens
{
    private const int BytesPerEstimatedToken = 4;

    /// <summary>
    /// Output and reasoning tokens in one stream chunk (UTF-8 JSON), read in one forward pass without building a
    /// document: a stream has a chunk per token, so this runs once per token.
    /// </summary>
    /// <exception cref="JsonException">The chunk is not one well-formed JSON value.</exception>
    public static ChunkTokens InChunk(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        ulong output = 0;
        ulong reasoning = 0;
        var hasUsage = false;
        var hasChoice = false;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    hasChoice |= CountChoices(ref reader, ref output, ref reasoning);
                }
                else
                {
                    var isUsage = reader.ValueTextEquals("usage"u8);
                    reader.Read();
                    hasUsage |= isUsage && reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }

        // Reading past the value throws on anything after it, as a full parse would.
        reader.Read();
        return new ChunkTokens(output, reasoning, hasUsage, hasChoice);
    }

    /// <summary>
    /// Output tokens of a non-streamed answer without usage: its choices' text, or a Responses API answer's
    /// <c>output_text</c> parts.
    /// </summary>
    public static ulong InAnswer(JsonElement answer)
    {
        ulong tokens = 0;
        foreach (var choice in Choices(answer))
        {
            var message = choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            tokens += Estimate(Text(message, "content") ?? Text(choice, "text"));
        }

        foreach (var item in Items(answer, "output"))
        {
            foreach (var part in Items(item, "content"))
            {
                tokens += Text(part, "type") == "output_text" ? Estimate(Text(part, "text")) : 0;
            }
        }

        return tokens;
    }

    private static ulong Estimate(string? text) =>
        text is null ? 0 : ((ulong)Encoding.UTF8.GetByteCount(text) + BytesPerEstimatedToken - 1) / BytesPerEstimatedToken;

    private static JsonElement.ArrayEnumerator Items(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : default;

    /// <returns>Whether the array held at least one choice object.</returns>
    private static bool CountChoices(ref Utf8JsonReader reader, ref ulong output, ref ulong reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        var any = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            any = true;

            var (hasOutput, hasReasoning) = (false, false);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader, ref hasOutput, ref hasReasoning);
                }
                else
                {
                    var isText = reader.ValueTextEquals("text"u8);
                    reader.Read();
                    hasOutput |= isText && IsNonEmptyString(ref reader);
                    reader.Skip();
                }
            }

            output += hasOutput ? 1UL : 0UL;
            reasoning += hasReasoning ? 1UL : 0UL;
        }

        return any;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ref bool hasOutput, ref bool hasReasoning)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            var isReasoning = !isContent && (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8));
            reader.Read();
            hasOutput |= isContent && IsNonEmptyString(ref reader);
            hasReasoning |= isReasoning && IsNonEmptyString(ref reader);
            reader.Skip();
        }
    }

    /// <summary>An escape always stands for at least one character, so a non-empty raw value is non-empty text.</summary>
    private static bool IsNonEmptyString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > 0;

    private static JsonElement.ArrayEnumerator Choices(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
            ? choices.EnumerateArray()
            : default;

    private static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
