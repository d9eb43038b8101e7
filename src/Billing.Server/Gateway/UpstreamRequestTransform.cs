using System.Text.Json;
using System.Text.Json.Nodes;
using Yarp.ReverseProxy.Transforms;

namespace Billing.Server.Gateway;

/// <summary>
/// Rewrites a paid request's body for the upstream: asks a stream for its final usage chunk
/// (<c>stream_options.include_usage</c>; a Responses API stream always ends with it) and, when the client set no OpenAI
/// cap, writes the cap the ceiling was priced with into <c>max_tokens</c> (<c>max_output_tokens</c> for the Responses
/// API) and every other length field present, so the upstream cannot run past what the voucher covers.
/// </summary>
public static class UpstreamRequestTransform
{
    public static ValueTask ApplyAsync(RequestTransformContext transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (transform.HttpContext.Features.Get<InferenceExchange>() is not { } exchange)
        {
            return ValueTask.CompletedTask;
        }

        var addsUsage = exchange.AddsStreamUsage;
        var maxTokens = exchange.AddedMaxTokens;
        if (!addsUsage && maxTokens is null)
        {
            return ValueTask.CompletedTask;
        }

        var body = exchange.Request.Body;
        if (addsUsage)
        {
            if (body["stream_options"] is JsonObject streamOptions)
            {
                streamOptions["include_usage"] = true;
            }
            else
            {
                body["stream_options"] = new JsonObject { ["include_usage"] = true };
            }
        }

        if (maxTokens is { } cap)
        {
            // One cap in every length field the request names (a null one would leave some servers uncapped).
            body[exchange.Request.OpenAiOutputCapField] = cap;
            foreach (var (parent, name) in InferenceRequest.OutputCapFields)
            {
                if ((parent is null ? body : body[parent] as JsonObject) is { } holder && holder.ContainsKey(name))
                {
                    holder[name] = cap;
                }
            }
        }

        // The proxy streams the request body into the content it already created; headers were copied before transforms.
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        transform.HttpContext.Request.Body = new MemoryStream(bytes, writable: false);
        if (transform.ProxyRequest.Content is { } content)
        {
            content.Headers.ContentLength = bytes.Length;
        }

        return ValueTask.CompletedTask;
    }
}
