using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Billing.Core.Metering;

namespace Billing.Server.Gateway;

/// <summary>The parts of an OpenAI-style request body that bound its price, and the body itself for the upstream.</summary>
public sealed class InferenceRequest
{
    /// <summary>More choices than this per request are refused: the output bound multiplies by it.</summary>
    public const int MaxChoices = 128;

    /// <summary>Longest model name accepted (characters, printable ASCII): the name is kept in the channel's usage.</summary>
    public const int MaxModelLength = UsageAggregate.MaxModelLength;

    /// <summary>
    /// Largest output cap accepted per choice (2^24, far above any model's output limit): with <see cref="MaxChoices"/>
    /// and the request size it keeps every bound and ceiling far from overflowing, so an absurd cap is a 400.
    /// </summary>
    public const ulong MaxOutputTokensPerChoice = 1UL << 24;

    /// <summary>
    /// The request fields that cap the output in the servers a gateway fronts: OpenAI's <c>max_completion_tokens</c> and
    /// <c>max_tokens</c>, the Responses API's <c>max_output_tokens</c>, llama.cpp's <c>n_predict</c>, TGI's
    /// <c>max_new_tokens</c> (top level or in <c>parameters</c>) and Ollama's <c>options.num_predict</c>.
    /// </summary>
    public static readonly IReadOnlyList<(string? Parent, string Name)> OutputCapFields =
    [
        (null, "max_completion_tokens"),
        (null, "max_tokens"),
        (null, "max_output_tokens"),
        (null, "n_predict"),
        (null, "max_new_tokens"),
        ("parameters", "max_new_tokens"),
        ("options", "num_predict"),
    ];

    private InferenceRequest(JsonObject body, int byteLength)
    {
        Body = body;
        ByteLength = byteLength;
    }

    public JsonObject Body { get; }

    /// <summary>UTF-8 length of the body as received: the prompt's token bound (see <see cref="InferenceCeiling"/>).</summary>
    public int ByteLength { get; }

    /// <summary>The model the request names (validated: 1 to <see cref="MaxModelLength"/> printable ASCII characters), or null.</summary>
    public string? Model { get; private init; }

    /// <summary>True for <c>"stream": true</c>; any other value than a JSON boolean is refused when read.</summary>
    public bool Stream { get; private init; }

    /// <summary>
    /// The output cap per choice that every length field of the request agrees on (see <see cref="OutputCapFields"/>);
    /// null when the client set none.
    /// </summary>
    public ulong? MaxOutputTokens { get; private init; }

    /// <summary>
    /// True when the field the API's servers all read carries the cap: <c>max_tokens</c> or <c>max_completion_tokens</c>
    /// (every OpenAI-compatible server reads one), <c>max_output_tokens</c> for the Responses API.
    /// </summary>
    public bool HasOpenAiOutputCap { get; private init; }

    public InferenceApi Api { get; private init; }

    /// <summary>The field the gateway writes its cap into when the client set none the API's servers all read.</summary>
    public string OpenAiOutputCapField => Api == InferenceApi.Responses ? "max_output_tokens" : "max_tokens";

    /// <summary>Completions generated: the larger of <c>n</c> and <c>best_of</c>, 1 when both are absent.</summary>
    public int Choices { get; private init; } = 1;

    public bool IncludesUsage =>
        Body["stream_options"] is JsonObject options
        && options["include_usage"] is JsonValue value
        && value.TryGetValue<bool>(out var include)
        && include;

    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out InferenceRequest? request, [NotNullWhen(false)] out string? problem) =>
        TryRead(utf8, InferenceApi.Completions, out request, out problem);

    public static bool TryRead(
        ReadOnlySpan<byte> utf8, InferenceApi api, [NotNullWhen(true)] out InferenceRequest? request, [NotNullWhen(false)] out string? problem)
    {
        request = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
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

        if (!TryReadModel(body, out var model, out problem)
            || !TryReadStream(body, out var stream, out problem)
            || !TryReadOutputCap(body, out var maxOutput, out problem)
            || !TryReadChoices(body, "n", out var n, out problem)
            || !TryReadChoices(body, "best_of", out var bestOf, out problem))
        {
            return false;
        }

        request = new InferenceRequest(body, utf8.Length)
        {
            Model = model,
            Stream = stream,
            MaxOutputTokens = maxOutput,
            HasOpenAiOutputCap = api == InferenceApi.Responses
                ? body["max_output_tokens"] is not null
                : body["max_tokens"] is not null || body["max_completion_tokens"] is not null,
            Api = api,
            Choices = Math.Max(n, bestOf),
        };
        return true;
    }

    private static bool TryReadModel(JsonObject body, out string? model, [NotNullWhen(false)] out string? problem)
    {
        model = null;
        problem = null;
        var node = body["model"];
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var name) && IsModelName(name))
        {
            model = name;
            return true;
        }

        problem = $"model must be a name of 1 to {MaxModelLength} printable ASCII characters without spaces";
        return false;
    }

    private static bool IsModelName(string name)
    {
        if (name.Length is 0 or > MaxModelLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Only a JSON boolean (or null) is a stream flag: a lax upstream may stream for <c>"true"</c> or <c>1</c>, and a
    /// stream the gateway did not recognise would not be asked for its usage, leaving its prompt unbilled.
    /// </summary>
    private static bool TryReadStream(JsonObject body, out bool stream, [NotNullWhen(false)] out string? problem)
    {
        stream = false;
        problem = null;
        switch (body["stream"]?.GetValueKind())
        {
            case null or JsonValueKind.Null or JsonValueKind.False:
                return true;
            case JsonValueKind.True:
                stream = true;
                return true;
            default:
                problem = "stream must be true or false";
                return false;
        }
    }

    /// <summary>
    /// Every field some OpenAI-compatible server reads as the output cap must agree, or the upstream might generate to a
    /// cap the ceiling was not priced with. One value in several fields is fine; two values are refused as ambiguous.
    /// </summary>
    private static bool TryReadOutputCap(JsonObject body, out ulong? cap, [NotNullWhen(false)] out string? problem)
    {
        cap = null;
        string? capField = null;
        foreach (var (parent, name) in OutputCapFields)
        {
            var holder = parent is null ? body : body[parent] as JsonObject;
            if (holder is null)
            {
                continue;
            }

            var field = parent is null ? name : $"{parent}.{name}";
            if (!TryReadCount(holder, name, field, out var count, out problem))
            {
                return false;
            }

            if (count is not { } value)
            {
                continue;
            }

            if (value > MaxOutputTokensPerChoice)
            {
                problem = $"{field} must be at most {MaxOutputTokensPerChoice}";
                return false;
            }

            if (cap is { } agreed && agreed != value)
            {
                problem = $"conflicting output limits: {capField} is {agreed} but {field} is {value}; send one";
                return false;
            }

            cap = value;
            capField = field;
        }

        problem = null;
        return true;
    }

    private static bool TryReadChoices(JsonObject body, string name, out int choices, [NotNullWhen(false)] out string? problem)
    {
        choices = 1;
        if (!TryReadCount(body, name, name, out var count, out problem))
        {
            return false;
        }

        if (count is 0 or > MaxChoices)
        {
            problem = $"{name} must be between 1 and {MaxChoices}";
            return false;
        }

        choices = (int)(count ?? 1);
        return true;
    }

    private static bool TryReadCount(JsonObject holder, string name, string field, out ulong? count, [NotNullWhen(false)] out string? problem)
    {
        count = null;
        problem = null;
        var node = holder[name];
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<ulong>(out var parsed))
        {
            count = parsed;
            return true;
        }

        problem = $"{field} must be a non-negative integer";
        return false;
    }
}
