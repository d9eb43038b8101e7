using System.Text.Json.Nodes;

namespace Billing.Cli.Upstream;

/// <summary>
/// The deterministic answer of the demo upstream to one request: its prompt tokens (one per whitespace-separated word
/// of the request's text, a quarter of them "cached"), and completion words chosen from the prompt's length, so that the
/// same request always gets the same answer and usage.
/// </summary>
public sealed record DemoCompletion(ulong PromptTokens, ulong CachedTokens, IReadOnlyList<string> Words)
{
    private static readonly string[] Vocabulary =
        ["round", "once,", "carry", "the", "rest;", "vouchers", "are", "cumulative", "and", "channels", "settle", "in", "batches."];

    public const ulong DefaultMaxTokens = 16;

    public ulong CompletionTokens => (ulong)Words.Count;

    public static DemoCompletion For(JsonObject request, bool ignoreMaxTokens)
    {
        var prompt = (ulong)PromptText(request).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var wanted = 5 + (prompt * 7 % 41);
        var max = ReadCount(request, "max_completion_tokens") ?? ReadCount(request, "max_tokens") ?? DefaultMaxTokens;
        var count = ignoreMaxTokens ? Math.Max(wanted, max * 4) : Math.Min(wanted, max);
        var words = new string[count];
        for (var i = 0UL; i < count; i++)
        {
            words[i] = Vocabulary[(int)((prompt + i) % (ulong)Vocabulary.Length)];
        }

        return new DemoCompletion(prompt, prompt / 4, words);
    }

    private static string PromptText(JsonObject request)
    {
        if (request["messages"] is JsonArray messages)
        {
            return string.Join(' ', messages.Select(m => m?["content"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : ""));
        }

        return request["prompt"] is JsonValue p && p.TryGetValue<string>(out var text) ? text
            : request["input"] is JsonValue i && i.TryGetValue<string>(out var input) ? input : "";
    }

    private static ulong? ReadCount(JsonObject request, string name) =>
        request[name] is JsonValue value && value.TryGetValue<ulong>(out var count) ? count : null;
}
