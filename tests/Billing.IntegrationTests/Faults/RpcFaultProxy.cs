using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Billing.Evm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Billing.IntegrationTests.Faults;

/// <summary>
/// A JSON-RPC pass-through on its own loopback port, between the server and anvil. Healthy, it forwards every request
/// unchanged; a test can open a fault window (5xx, JSON-RPC errors, hanging past the client's timeout), swallow signed
/// transactions (the node never sees them), or forward a transaction and lose the answer. It counts what passed, so a
/// test can prove its fault was really hit.
/// </summary>
public sealed class RpcFaultProxy : IAsyncDisposable
{
    private const string SendRawTransaction = "eth_sendRawTransaction";
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly ConcurrentDictionary<string, int> _forwarded = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Hash32> _swallowed = new();
    private readonly object _gate = new();
    private readonly Uri _target;
    private (RpcFault Kind, DateTimeOffset Until)? _window;
    private int _transactionsToSwallow;
    private int _answersToLose;
    private int _faultedRequests;
    private TaskCompletionSource<Hash32> _transactionForwarded = NewSignal();

    private RpcFaultProxy(WebApplication app, Uri target, Uri url)
    {
        _app = app;
        _target = target;
        Url = url;
    }

    /// <summary>Where the server should send its JSON-RPC calls.</summary>
    public Uri Url { get; }

    /// <summary>Requests answered with a fault (any kind) so far.</summary>
    public int FaultedRequests => Volatile.Read(ref _faultedRequests);

    /// <summary>Signed transactions that never reached the node.</summary>
    public IReadOnlyCollection<Hash32> SwallowedTransactions => _swallowed;

    public static async Task<RpcFaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RpcFaultProxy? proxy = null;
        app.MapPost("/", (HttpContext context) => proxy!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Urls.Single();
        proxy = new RpcFaultProxy(app, target, new Uri(address));
        return proxy;
    }

    /// <summary>Misbehaves as <paramref name="kind"/> says for every request during <paramref name="duration"/>, then heals.</summary>
    public void FailFor(RpcFault kind, TimeSpan duration)
    {
        lock (_gate)
        {
            _window = (kind, DateTimeOffset.UtcNow + duration);
        }
    }

    /// <summary>Completes once the current fault window (if any) has closed.</summary>
    public async Task HealedAsync()
    {
        DateTimeOffset until;
        lock (_gate)
        {
            until = _window?.Until ?? DateTimeOffset.UtcNow;
        }

        var wait = until - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> eth_sendRawTransaction calls are answered with the transaction's hash, as a node
    /// that accepted it would, but never forwarded: the transaction is dropped before any pool sees it.
    /// </summary>
    public void SwallowTransactions(int count) => Interlocked.Exchange(ref _transactionsToSwallow, count);

    /// <summary>The next <paramref name="count"/> eth_sendRawTransaction calls reach the node, but their answer is lost (HTTP 502).</summary>
    public void LoseTransactionAnswers(int count) => Interlocked.Exchange(ref _answersToLose, count);

    /// <summary>Completes with the transaction's hash when the next eth_sendRawTransaction has been forwarded to the node (and answered by it).</summary>
    public Task<Hash32> NextTransactionForwarded()
    {
        lock (_gate)
        {
            if (_transactionForwarded.Task.IsCompleted)
            {
                _transactionForwarded = NewSignal();
            }

            return _transactionForwarded.Task;
        }
    }

    /// <summary>Calls of <paramref name="method"/> that reached the node.</summary>
    public int Forwarded(string method) => _forwarded.TryGetValue(method, out var count) ? count : 0;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var calls = Calls(body);

        if (OpenWindow() is { } window)
        {
            Interlocked.Increment(ref _faultedRequests);
            await AnswerFaultAsync(context, window, calls);
            return;
        }

        var raw = calls.FirstOrDefault(c => c.Method == SendRawTransaction);
        if (raw is not null && TryTake(ref _transactionsToSwallow))
        {
            Interlocked.Increment(ref _faultedRequests);
            var hash = Keccak256.Hash(Hex.Decode(raw.Params![0]!.GetValue<string>()));
            _swallowed.Enqueue(hash);
            await WriteJsonAsync(context, HttpStatusCode.OK, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = raw.Id?.DeepClone(), ["result"] = hash.ToString() });
            return;
        }

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _upstream.PostAsync(_target, content, context.RequestAborted);
        var answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        foreach (var call in calls)
        {
            _forwarded.AddOrUpdate(call.Method, 1, (_, n) => n + 1);
        }

        if (raw is not null)
        {
            lock (_gate)
            {
                _transactionForwarded.TrySetResult(Keccak256.Hash(Hex.Decode(raw.Params![0]!.GetValue<string>())));
            }

            if (TryTake(ref _answersToLose))
            {
                Interlocked.Increment(ref _faultedRequests);
                context.Response.StatusCode = (int)HttpStatusCode.BadGateway;
                return;
            }
        }

        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    private RpcFault? OpenWindow()
    {
        lock (_gate)
        {
            if (_window is { } window && window.Until > DateTimeOffset.UtcNow)
            {
                return window.Kind;
            }

            _window = null;
            return null;
        }
    }

    private async Task AnswerFaultAsync(HttpContext context, RpcFault kind, IReadOnlyList<RpcCall> calls)
    {
        switch (kind)
        {
            case RpcFault.ServiceUnavailable:
                context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                break;
            case RpcFault.JsonRpcError:
                var errors = calls.Select(c => (JsonNode?)new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = c.Id?.DeepClone(),
                    ["error"] = new JsonObject { ["code"] = -32603, ["message"] = "injected fault: backend unavailable" },
                }).ToArray();
                await WriteJsonAsync(context, HttpStatusCode.OK, calls.Count == 1 && !IsBatch(calls) ? errors[0]! : new JsonArray(errors));
                break;
            case RpcFault.Hang:
                DateTimeOffset until;
                lock (_gate)
                {
                    until = _window?.Until ?? DateTimeOffset.UtcNow;
                }

                var wait = until - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                context.Response.StatusCode = (int)HttpStatusCode.GatewayTimeout;
                break;
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode status, JsonNode answer)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private static bool TryTake(ref int budget)
    {
        while (true)
        {
            var left = Volatile.Read(ref budget);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref budget, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private static bool IsBatch(IReadOnlyList<RpcCall> calls) => calls.Count > 0 && calls[0].InBatch;

    private static List<RpcCall> Calls(string body)
    {
        var node = JsonNode.Parse(body);
        return node switch
        {
            JsonArray batch => [.. batch.OfType<JsonObject>().Select(o => RpcCall.From(o, inBatch: true))],
            JsonObject single => [RpcCall.From(single, inBatch: false)],
            _ => [],
        };
    }

    private static TaskCompletionSource<Hash32> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private sealed record RpcCall(string Method, JsonNode? Id, JsonArray? Params, bool InBatch)
    {
        public static RpcCall From(JsonObject call, bool inBatch) =>
            new(call["method"]?.GetValue<string>() ?? string.Empty, call["id"], call["params"] as JsonArray, inBatch);
    }
}
