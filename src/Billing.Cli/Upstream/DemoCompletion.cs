using System.Text.Json.Nodes;

namespace Billing.Cli.Upstream;

/// <summary>
/// The deterministic answer of the demo upstream to one request: its prompt tokens (one per whitespace-separated word
/// of the request's text, a quarter of them "cached"), and completion words chosen from the prompt's length, so that the
/// same request always gets the same answer and usage. Token ids in an embeddings <c>input</c> count one each.
/// </summary>
public sealed record DemoCompletion(ulong PromptTokens, ulong CachedTokens, IReadOnlyList<string> Words)
{
    private static readonly string[] Vocabulary =
        ["round", "once,", "carry", "the", "rest;", "vouchers", "are", "cumulative", "and", "channels", "settle", "in", "batches."];

    public const ulong DefaultMaxTokens = 16;

    public ulong CompletionTokens => (ulong)Words.Count;

    /// <summary>Why the answer ends, as OpenAI-compatible servers say it: <c>length</c> when the output cap cut it short.</summary>
    public string FinishReason { get; private init; } = "stop";

    /// <param name="responsesApi">The request is the Responses API's, whose only output cap is <c>max_output_tokens</c>.</param>
    /// <param name="completionTokens">The answer's length before the output cap; 0 chooses it from the prompt's length.</param>
    public static DemoCompletion For(JsonObject request, bool ignoreMaxTokens, bool responsesApi = false, int completionTokens = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(completionTokens);
        var prompt = PromptTokensOf(request);
        var wanted = completionTokens > 0 ? (ulong)completionTokens : 5 + (prompt * 7 % 41);
        var max = (responsesApi
            ? ReadCount(request, "max_output_tokens")
            : ReadCount(request, "max_completion_tokens") ?? ReadCount(request, "max_tokens")) ?? DefaultMaxTokens;
        var count = ignoreMaxTokens ? Math.Max(wanted, max * 4) : Math.Min(wanted, max);
        var words = new string[count];
        for (var i = 0UL; i < count; i++)
        {
            words[i] = Vocabulary[(int)((prompt + i) % (ulong)Vocabulary.Length)];
        }

        return new DemoCompletion(prompt, prompt / 4, words) { FinishReason = count < wanted ? "length" : "stop" };
    }

    private static ulong PromptTokensOf(JsonObject request)
    {
        if (request["messages"] is JsonArray messages)
        {
            return messages.Aggregate(0UL, (sum, m) => sum + TokensOf(m?["content"]));
        }

        return TokensOf(request["prompt"] ?? request["input"]) + TokensOf(request["instructions"]);
    }

    /// <summary>
    /// A prompt or embeddings input as the OpenAI API takes it: a string, an array of strings, an array of token ids,
    /// or an array of such arrays.
    /// </summary>
    private static ulong TokensOf(JsonNode? input) => input switch
    {
        JsonValue text when text.TryGetValue<string>(out var s) => (ulong)s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
        JsonValue token when token.TryGetValue<long>(out _) => 1,
        JsonArray items => items.Aggregate(0UL, (sum, item) => sum + TokensOf(item)),

        // A Responses API input item ({"role":"user","content":...}) or content part ({"type":"input_text","text":...}).
        JsonObject item => TokensOf(item["content"] ?? item["text"]),
        _ => 0,
    };

    private static ulong? ReadCount(JsonObject request, string name) =>
        request[name] is JsonValue value && value.TryGetValue<ulong>(out var count) ? count : null;
}
