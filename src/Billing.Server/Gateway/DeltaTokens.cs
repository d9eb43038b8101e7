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

    /// <summary>Output and reasoning tokens in one stream chunk.</summary>
    public static (ulong Output, ulong Reasoning) InChunk(JsonElement chunk)
    {
        ulong output = 0;
        ulong reasoning = 0;
        foreach (var choice in Choices(chunk))
        {
            var delta = choice.TryGetProperty("delta", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            if (HasText(delta, "content") || HasText(choice, "text"))
            {
                output++;
            }

            if (HasText(delta, "reasoning_content") || HasText(delta, "reasoning"))
            {
                reasoning++;
            }
        }

        return (output, reasoning);
    }

    /// <summary>Output tokens of a non-streamed answer without usage.</summary>
    public static ulong InAnswer(JsonElement answer)
    {
        ulong tokens = 0;
        foreach (var choice in Choices(answer))
        {
            var message = choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            var text = Text(message, "content") ?? Text(choice, "text");
            if (text is not null)
            {
                var bytes = (ulong)Encoding.UTF8.GetByteCount(text);
                tokens += (bytes + BytesPerEstimatedToken - 1) / BytesPerEstimatedToken;
            }
        }

        return tokens;
    }

    private static JsonElement.ArrayEnumerator Choices(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
            ? choices.EnumerateArray()
            : default;

    private static bool HasText(JsonElement parent, string name) => Text(parent, name) is { Length: > 0 };

    private static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
