using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Billing.Cli.Upstream;

/// <summary>
/// A small OpenAI-compatible upstream for the demo and the gateway tests: chat completions, legacy completions, the
/// Responses API (<see cref="DemoResponses"/>) and embeddings, deterministic text, JSON or SSE streams at a configurable pace, with <c>usage</c>. Some model names
/// misbehave on purpose, for tests and demos: <c>demo-error</c> answers 500, <c>demo-slow</c> waits 30 s before
/// answering (timeouts), <c>demo-runaway</c> ignores <c>max_tokens</c>, <c>demo-trickle</c> streams 10 tokens a second,
/// one per chunk. Each word of the completion is one token (<see cref="DemoUpstreamOptions.CompletionTokens"/> of them
/// when set); a chunk carries <see cref="DemoUpstreamOptions.TokensPerChunk"/>,
/// and the last one its <c>finish_reason</c>.
/// </summary>
public sealed class DemoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CompletionCount _completions;

    private DemoUpstream(WebApplication app, Uri baseAddress, CompletionCount completions)
    {
        _app = app;
        BaseAddress = baseAddress;
        _completions = completions;
    }

    public Uri BaseAddress { get; }

    /// <summary>Chat and legacy completion requests received so far: what a paid request really cost the provider.</summary>
    public int CompletionRequests => Volatile.Read(ref _completions.Value);

    public static async Task<DemoUpstream> StartAsync(DemoUpstreamOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var completions = new CompletionCount();
        app.MapPost("/v1/chat/completions", (HttpContext context) => completions.Counting(AnswerAsync(context, options, chat: true)));
        app.MapPost("/v1/completions", (HttpContext context) => completions.Counting(AnswerAsync(context, options, chat: false)));
        app.MapPost("/v1/responses", (HttpContext context) => completions.Counting(DemoResponses.AnswerAsync(context, options)));
        app.MapPost("/v1/embeddings", EmbedAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.Select(url => new Uri(url)).First();
        return new DemoUpstream(app, new Uri($"http://127.0.0.1:{address.Port}/"), completions);
    }

    private static async Task AnswerAsync(HttpContext context, DemoUpstreamOptions options, bool chat)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        if (request is null)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var model = request["model"]?.GetValue<string>() ?? "demo";
        if (model == "demo-error")
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "demo upstream failure" } });
            return;
        }

        if (model == "demo-slow")
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }

        var completion = DemoCompletion.For(request, options.IgnoreMaxTokens || model == "demo-runaway", completionTokens: options.CompletionTokens);
        var stream = request["stream"] is JsonValue s && s.TryGetValue<bool>(out var streamed) && streamed;
        if (!stream)
        {
            var text = string.Join(' ', completion.Words);
            var answer = new JsonObject
            {
                ["id"] = "demo-1",
                ["object"] = chat ? "chat.completion" : "text_completion",
                ["model"] = model,
                ["choices"] = new JsonArray(chat
                    ? new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text }, ["finish_reason"] = completion.FinishReason }
                    : new JsonObject { ["index"] = 0, ["text"] = text, ["finish_reason"] = completion.FinishReason }),
            };
            if (options.ReportUsage)
            {
                answer["usage"] = Usage(completion);
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var trickle = model == "demo-trickle";
        var tokensPerSecond = trickle ? 10 : options.TokensPerSecond;
        var tokensPerChunk = trickle ? 1 : Math.Max(1, options.TokensPerChunk);
        var delay = tokensPerSecond > 0 ? TimeSpan.FromSeconds(tokensPerChunk / tokensPerSecond) : TimeSpan.Zero;
        for (var i = 0; i < completion.Words.Count; i += tokensPerChunk)
        {
            var words = completion.Words.Skip(i).Take(tokensPerChunk);
            var piece = (i == 0 ? "" : " ") + string.Join(' ', words);
            var choice = chat
                ? new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece } }
                : new JsonObject { ["index"] = 0, ["text"] = piece };

            // As vLLM does: the last token's chunk says why the answer ends (null before it, as OpenAI sends).
            choice["finish_reason"] = i + tokensPerChunk >= completion.Words.Count ? completion.FinishReason : null;
            await WriteEventAsync(context, new JsonObject { ["id"] = "demo-1", ["model"] = model, ["choices"] = new JsonArray(choice) });
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
        }

        var includeUsage = request["stream_options"]?["include_usage"] is JsonValue u && u.TryGetValue<bool>(out var include) && include;
        if (options.ReportUsage && includeUsage)
        {
            await WriteEventAsync(context, new JsonObject { ["id"] = "demo-1", ["model"] = model, ["choices"] = new JsonArray(), ["usage"] = Usage(completion) });
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static async Task EmbedAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
        var completion = DemoCompletion.For(request, ignoreMaxTokens: false);
        var vector = new JsonArray(0.25, -0.5, 0.125);
        var answer = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["object"] = "embedding", ["index"] = 0, ["embedding"] = vector }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = completion.PromptTokens, ["total_tokens"] = completion.PromptTokens },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    internal static JsonObject Usage(DemoCompletion completion) => new()
    {
        ["prompt_tokens"] = completion.PromptTokens,
        ["completion_tokens"] = completion.CompletionTokens,
        ["total_tokens"] = completion.PromptTokens + completion.CompletionTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = completion.CachedTokens },
    };

    internal static async Task WriteEventAsync(HttpContext context, JsonObject chunk)
    {
        await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"data: {chunk.ToJsonString()}\n\n"), Encoding.UTF8, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CompletionCount
    {
        public int Value;

        public Task Counting(Task answer)
        {
            Interlocked.Increment(ref Value);
            return answer;
        }
    }
}
