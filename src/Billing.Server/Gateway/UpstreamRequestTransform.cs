using System.Text.Json;
using System.Text.Json.Nodes;
using Yarp.ReverseProxy.Transforms;

namespace Billing.Server.Gateway;

/// <summary>
/// Rewrites a paid request's body for the upstream: asks a stream for its final usage chunk
/// (<c>stream_options.include_usage</c>) and caps the output at the bound the ceiling was priced with when the client
/// named none, so the upstream cannot run past what the voucher covers.
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
            body["max_tokens"] = cap;
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
