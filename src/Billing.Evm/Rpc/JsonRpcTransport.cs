using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Billing.Evm.Rpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP POST: envelopes, ids, per-attempt timeouts, and exponential back-off on transport errors.
/// A retry always resends the identical body; methods that change test-chain state are retried only when the
/// connection was never made.
/// </summary>
internal sealed class JsonRpcTransport(HttpClient http, Uri endpoint, EthRpcOptions options)
{
    private static readonly HashSet<string> NotIdempotent = new(StringComparer.Ordinal)
    {
        "evm_mine", "anvil_mine", "evm_increaseTime", "evm_snapshot", "evm_revert", "anvil_reorg", "anvil_dropTransaction",
    };

    private long _nextId;

    /// <summary>One JSON-RPC call; returns the <c>result</c> member.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonNode?[] parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var id = Interlocked.Increment(ref _nextId);
        var body = RequestObject(id, method, parameters).ToJsonString();
        using var document = await PostAsync(method, body, NotIdempotent.Contains(method), cancellationToken);
        return ReadResponse(method, document.RootElement).GetResultOrThrow().Clone();
    }

    /// <summary>Several calls in one HTTP request; answers come back in request order whatever order the node used.</summary>
    public async Task<IReadOnlyList<RpcBatchResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        var firstId = Interlocked.Add(ref _nextId, requests.Count) - requests.Count + 1;
        var batch = new JsonArray(requests.Select((r, i) => (JsonNode?)RequestObject(firstId + i, r.Method, r.Parameters)).ToArray());
        var label = $"batch of {requests.Count}";
        var retryOnlyUndelivered = requests.Any(r => NotIdempotent.Contains(r.Method));
        using var document = await PostAsync(label, batch.ToJsonString(), retryOnlyUndelivered, cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            // Some nodes answer a whole batch with one error object.
            var single = ReadResponse(label, document.RootElement);
            throw single.Error ?? new JsonRpcException(label, -32603, "batch answered with a single result", null);
        }

        var results = new RpcBatchResult?[requests.Count];
        foreach (var response in document.RootElement.EnumerateArray())
        {
            if (response.ValueKind == JsonValueKind.Object && response.TryGetProperty("id", out var idElement)
                && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var id)
                && id >= firstId && id < firstId + requests.Count)
            {
                var index = (int)(id - firstId);
                var answer = ReadResponse(requests[index].Method, response);
                results[index] = answer with { Result = answer.Result?.Clone() };
            }
        }

        return results.Select((r, i) => r ?? new RpcBatchResult(null,
            new JsonRpcException(requests[i].Method, -32603, "no answer in the batch response", null))).ToArray();
    }

    private static JsonObject RequestObject(long id, string method, JsonNode?[] parameters) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id,
        ["method"] = method,
        ["params"] = new JsonArray(parameters.Select(p => p?.DeepClone()).ToArray()),
    };

    private static RpcBatchResult ReadResponse(string method, JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object)
        {
            throw new EvmDecodingException($"{method}: the JSON-RPC response is not an object.");
        }

        if (response.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var n) ? n : 0;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
            var data = error.TryGetProperty("data", out var d) ? d.GetRawText() : null;
            return new RpcBatchResult(null, new JsonRpcException(method, code, message, data));
        }

        return response.TryGetProperty("result", out var result)
            ? new RpcBatchResult(result, null)
            : throw new EvmDecodingException($"{method}: the JSON-RPC response has neither result nor error.");
    }

    private async Task<JsonDocument> PostAsync(string method, string body, bool retryOnlyUndelivered, CancellationToken cancellationToken)
    {
        var backoff = options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            string what;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.RequestTimeout);
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync(endpoint, content, timeout.Token);
                    var payload = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                    if (TryParseJson(payload, out var document))
                    {
                        return document;
                    }

                    if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                    {
                        throw new EthRpcTransportException(method, attempt, $"HTTP {(int)response.StatusCode} without a JSON-RPC body", null);
                    }

                    failure = new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
                    what = $"HTTP {(int)response.StatusCode}";
                    if (retryOnlyUndelivered)
                    {
                        throw new EthRpcTransportException(method, attempt, what, failure);
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                    what = $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s";
                    if (retryOnlyUndelivered)
                    {
                        throw new EthRpcTransportException(method, attempt, what, ex);
                    }
                }
                catch (HttpRequestException ex) when (!retryOnlyUndelivered || ex.HttpRequestError == HttpRequestError.ConnectionError)
                {
                    failure = ex;
                    what = ex.Message;
                }
            }

            if (attempt > options.MaxRetries)
            {
                throw new EthRpcTransportException(method, attempt, what, failure);
            }

            await Task.Delay(backoff, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
        }
    }

    private static bool TryParseJson(byte[] payload, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }
}
