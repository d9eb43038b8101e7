using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Billing.Server.Gateway;

/// <summary>The parts of an OpenAI-style request body that bound its price, and the body itself for the upstream.</summary>
public sealed class InferenceRequest
{
    /// <summary>More choices than this per request are refused: the output bound multiplies by it.</summary>
    public const int MaxChoices = 128;

    private InferenceRequest(JsonObject body, int byteLength)
    {
        Body = body;
        ByteLength = byteLength;
    }

    public JsonObject Body { get; }

    /// <summary>UTF-8 length of the body as received: the prompt's token bound (see <see cref="InferenceCeiling"/>).</summary>
    public int ByteLength { get; }

    public string? Model => Body["model"] is JsonValue value && value.TryGetValue<string>(out var model) ? model : null;

    public bool Stream => Body["stream"] is JsonValue value && value.TryGetValue<bool>(out var stream) && stream;

    /// <summary><c>max_completion_tokens</c>, else <c>max_tokens</c>; null when the client set neither.</summary>
    public ulong? MaxOutputTokens { get; private init; }

    /// <summary>Completions requested (<c>n</c>), 1 when absent.</summary>
    public int Choices { get; private init; } = 1;

    public bool IncludesUsage =>
        Body["stream_options"] is JsonObject options
        && options["include_usage"] is JsonValue value
        && value.TryGetValue<bool>(out var include)
        && include;

    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out InferenceRequest? request, [NotNullWhen(false)] out string? problem)
    {
        request = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            problem = "the request body is not JSON";
            return false;
        }

        if (node is not JsonObject body)
        {
            problem = "the request body is not a JSON object";
            return false;
        }

        if (!TryReadCount(body, "max_completion_tokens", out var maxCompletion, out problem)
            || !TryReadCount(body, "max_tokens", out var maxTokens, out problem)
            || !TryReadCount(body, "n", out var choices, out problem))
        {
            return false;
        }

        if (choices is 0 or > MaxChoices)
        {
            problem = $"n must be between 1 and {MaxChoices}";
            return false;
        }

        request = new InferenceRequest(body, utf8.Length)
        {
            MaxOutputTokens = maxCompletion ?? maxTokens,
            Choices = (int)(choices ?? 1),
        };
        return true;
    }

    private static bool TryReadCount(JsonObject body, string name, out ulong? count, [NotNullWhen(false)] out string? problem)
    {
        count = null;
        problem = null;
        var node = body[name];
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<ulong>(out var parsed))
        {
            count = parsed;
            return true;
        }

        problem = $"{name} must be a non-negative integer";
        return false;
    }
}
