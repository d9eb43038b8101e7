using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A fault-injecting OpenAI-compatible upstream that reads requests as loosely as some real servers do: <c>stream</c> is
/// on for any truthy value (<c>"true"</c>, <c>1</c>), the completion length is the first of llama.cpp's <c>n_predict</c>,
/// Ollama's <c>options.num_predict</c>, TGI's <c>max_new_tokens</c>, <c>max_tokens</c>, <c>max_completion_tokens</c>
/// (llama.cpp's order: its native field wins), and a stream reports usage only when <c>stream_options.include_usage</c>
/// is JSON <c>true</c>. One token per whitespace-separated prompt word; each completion token is one word. Optionally it
/// overruns whatever length it was given. It counts the requests it received.
/// </summary>
internal sealed class LaxUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LaxUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests that reached this upstream.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Completion tokens it generates past the length it was given (0: it honours its own reading of it).</summary>
    public int Overrun { get; set; }

    public static async Task<LaxUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LaxUpstream? upstream = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => upstream!.AnswerAsync(context));
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        upstream = new LaxUpstream(app, new Uri($"http://127.0.0.1:{port}/"));
        return upstream;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var request = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        var prompt = (ulong)string.Join(' ', ((JsonArray)request["messages"]!).Select(m => (string?)m!["content"] ?? ""))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var length = Count(request["n_predict"]) ?? Count(request["options"]?["num_predict"]) ?? Count(request["max_new_tokens"])
            ?? Count(request["max_tokens"]) ?? Count(request["max_completion_tokens"]) ?? 16;
        var completion = length + (ulong)Overrun;
        var usage = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };
        if (!Truthy(request["stream"]))
        {
            var answer = new JsonObject
            {
                ["id"] = "lax-1",
                ["object"] = "chat.completion",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Words(completion) },
                    ["finish_reason"] = "length",
                }),
                ["usage"] = usage,
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        for (var i = 0UL; i < completion; i++)
        {
            var delta = new JsonObject { ["content"] = (i == 0 ? "" : " ") + "word" };
            await WriteEventAsync(context, new JsonObject { ["id"] = "lax-1", ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta }) });
        }

        if (request["stream_options"]?["include_usage"] is JsonValue include && include.GetValueKind() == JsonValueKind.True)
        {
            await WriteEventAsync(context, new JsonObject { ["id"] = "lax-1", ["choices"] = new JsonArray(), ["usage"] = usage });
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static bool Truthy(JsonNode? node) => node is JsonValue value && value.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => string.Equals((string?)value, "true", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Number => value.TryGetValue<double>(out var number) && number != 0,
        _ => false,
    };

    private static ulong? Count(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<ulong>(out var count) ? count : null;

    private static string Words(ulong count) => string.Join(' ', Enumerable.Repeat("word", (int)count));

    private static async Task WriteEventAsync(HttpContext context, JsonObject chunk)
    {
        await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"data: {chunk.ToJsonString()}\n\n"), Encoding.UTF8, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
