using System.Text.Json.Nodes;

namespace Billing.LoadGenerator.Load;

/// <summary>The OpenAI-compatible request bodies the stream scenarios send.</summary>
public static class StreamRequestBody
{
    /// <summary>A streamed chat completion that asks for usage, with a prompt of <paramref name="promptWords"/> words.</summary>
    public static string Chat(int promptWords, int maxTokens) => new JsonObject
    {
        ["model"] = "demo",
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = string.Join(' ', Enumerable.Repeat("token", promptWords)),
        }),
        ["max_tokens"] = maxTokens,
        ["stream"] = true,
        ["stream_options"] = new JsonObject { ["include_usage"] = true },
    }.ToJsonString();
}
