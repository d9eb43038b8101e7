using Billing.Core.Pricing;
using Billing.Server.Payments;

namespace Billing.Server.Gateway;

/// <summary>Quotes a gateway route's requests: reads the body, resolves the model's price, and bounds the charge.</summary>
public sealed class RouteMetering(string route, PriceBook prices, GatewayOptions options, TimeProvider time, ILogger logger) : IPaymentMetering
{
    public async ValueTask<MeteringQuote> QuoteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var max = options.MaxRequestBytes;
        if (context.Request.ContentLength > max)
        {
            return TooLarge();
        }

        // Buffered so that the proxy can send the same body upstream after it was read here.
        context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: max + 1L);
        byte[] body;
        try
        {
            body = await ReadAsync(context.Request.Body, max, context.RequestAborted);
        }
        catch (IOException)
        {
            return TooLarge();
        }

        if (body.Length > max)
        {
            return TooLarge();
        }

        context.Request.Body.Position = 0;
        if (!InferenceRequest.TryRead(body, ApiOf(context.Request.Path), out var request, out var problem))
        {
            return MeteringQuote.Refused(StatusCodes.Status400BadRequest, problem);
        }

        if (!prices.TryResolve(route, request.Model, time.GetUtcNow(), out var price))
        {
            return MeteringQuote.Refused(StatusCodes.Status400BadRequest, $"no price for model '{request.Model}' on this route");
        }

        try
        {
            var bounds = InferenceCeiling.Bounds(price, request, options.DefaultMaxOutputTokens);
            return MeteringQuote.Priced(new InferenceExchange(request, price, InferenceCeiling.Compute(price, bounds), bounds, options, ClusterActivityTimeout(), logger));
        }
        catch (OverflowException)
        {
            return MeteringQuote.Refused(StatusCodes.Status400BadRequest, "the request's worst case cannot be priced (output limit too large)");
        }
    }

    /// <summary>The Responses API is told by its path, as every server that serves it names it.</summary>
    private static InferenceApi ApiOf(PathString path) =>
        path.Value is { } value && value.EndsWith("/responses", StringComparison.Ordinal) ? InferenceApi.Responses : InferenceApi.Completions;

    private MeteringQuote TooLarge() =>
        MeteringQuote.Refused(StatusCodes.Status413PayloadTooLarge, $"request bodies are limited to {options.MaxRequestBytes} bytes");

    private static async Task<byte[]> ReadAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > max)
            {
                break;
            }
        }

        return copy.ToArray();
    }

    private TimeSpan ClusterActivityTimeout() =>
        options.Routes.TryGetValue(route, out var routeOptions) && options.Clusters.TryGetValue(routeOptions.Cluster, out var cluster)
            ? cluster.ActivityTimeout
            : new GatewayClusterOptions().ActivityTimeout;
}
