using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Billing.Cli.Upstream;

/// <summary>
/// The demo upstream's OpenAI Responses API (<c>POST /v1/responses</c>): one assistant message, as a JSON response or as
/// the event stream OpenAI and vLLM send (<c>response.created</c>, the item, one <c>response.output_text.delta</c> per
/// chunk, and <c>response.completed</c> with the usage, or <c>response.incomplete</c> when the output cap cut it short).
/// </summary>
internal static class DemoResponses
{
    private const string ResponseId = "resp_demo";
    private const string MessageId = "msg_demo";

    public static async Task AnswerAsync(HttpContext context, DemoUpstreamOptions options)
    {
        if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is not JsonObject request)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var model = request["model"]?.GetValue<string>() ?? "demo";
        var completion = DemoCompletion.For(request, options.IgnoreMaxTokens || model == "demo-runaway", responsesApi: true, options.CompletionTokens);
        var stream = request["stream"] is JsonValue s && s.TryGetValue<bool>(out var streamed) && streamed;
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Response(model, completion, options, done: true).ToJsonString(), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var sequence = 0;
        await WriteAsync(context, "response.created", new JsonObject { ["response"] = Response(model, completion, options, done: false) }, ref sequence);
        await WriteAsync(context, "response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = Message(completion, done: false) }, ref sequence);
        var tokensPerChunk = Math.Max(1, options.TokensPerChunk);
        var delay = options.TokensPerSecond > 0 ? TimeSpan.FromSeconds(tokensPerChunk / options.TokensPerSecond) : TimeSpan.Zero;
        for (var i = 0; i < completion.Words.Count; i += tokensPerChunk)
        {
            var piece = (i == 0 ? "" : " ") + string.Join(' ', completion.Words.Skip(i).Take(tokensPerChunk));
            var delta = new JsonObject { ["item_id"] = MessageId, ["output_index"] = 0, ["content_index"] = 0, ["delta"] = piece };
            await WriteAsync(context, "response.output_text.delta", delta, ref sequence);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
        }

        await WriteAsync(context, "response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = Message(completion, done: true) }, ref sequence);
        var final = Response(model, completion, options, done: true);
        await WriteAsync(context, completion.FinishReason == "length" ? "response.incomplete" : "response.completed", new JsonObject { ["response"] = final }, ref sequence);
    }

    private static Task WriteAsync(HttpContext context, string type, JsonObject data, ref int sequence)
    {
        var body = new JsonObject { ["type"] = type, ["sequence_number"] = sequence++ };
        foreach (var (name, value) in data.ToList())
        {
            data.Remove(name);
            body[name] = value;
        }

        return WriteNamedAsync(context, type, body);
    }

    private static async Task WriteNamedAsync(HttpContext context, string type, JsonObject body)
    {
        await context.Response.WriteAsync($"event: {type}\n", context.RequestAborted);
        await DemoUpstream.WriteEventAsync(context, body);
    }

    private static JsonObject Response(string model, DemoCompletion completion, DemoUpstreamOptions options, bool done)
    {
        var truncated = completion.FinishReason == "length";
        var response = new JsonObject
        {
            ["id"] = ResponseId,
            ["object"] = "response",
            ["created_at"] = 1_765_000_000,
            ["model"] = model,
            ["status"] = !done ? "in_progress" : truncated ? "incomplete" : "completed",
            ["incomplete_details"] = done && truncated ? new JsonObject { ["reason"] = "max_output_tokens" } : null,
            ["output"] = done ? new JsonArray(Message(completion, done: true)) : new JsonArray(),
        };
        if (done && options.ReportUsage)
        {
            response["usage"] = new JsonObject
            {
                ["input_tokens"] = completion.PromptTokens,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = completion.CachedTokens },
                ["output_tokens"] = completion.CompletionTokens,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                ["total_tokens"] = completion.PromptTokens + completion.CompletionTokens,
            };
        }

        return response;
    }

    private static JsonObject Message(DemoCompletion completion, bool done) => new()
    {
        ["type"] = "message",
        ["id"] = MessageId,
        ["role"] = "assistant",
        ["status"] = done ? "completed" : "in_progress",
        ["content"] = done
            ? new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = string.Join(' ', completion.Words), ["annotations"] = new JsonArray() })
            : new JsonArray(),
    };
}
