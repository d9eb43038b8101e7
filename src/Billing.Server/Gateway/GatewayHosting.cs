using Billing.Server.Payments;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Billing.Server.Gateway;

/// <summary>
/// Puts the metered gateway in front of the configured upstreams: YARP routes from section "Gateway", each endpoint
/// marked with a metered <see cref="PaymentRequirement"/> so the payment middleware prices it per request.
/// </summary>
public static class GatewayHosting
{
    /// <exception cref="Billing.Core.Pricing.PriceFormatException">A configured price is not exact.</exception>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        if (options.Routes.Count == 0)
        {
            return builder;
        }

        // Built here so that a bad price stops the server at start, not on the first request.
        builder.Services.AddSingleton(new GatewayPrices(options, GatewayPriceBook.From(options)));
        var routes = options.Routes.Select(route => new RouteConfig
        {
            RouteId = route.Key,
            ClusterId = route.Value.Cluster,
            Match = new RouteMatch { Path = route.Value.Path, Methods = ["POST"] },
        }).ToList();
        var clusters = options.Clusters.Select(cluster => new ClusterConfig
        {
            ClusterId = cluster.Key,
            Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = cluster.Value.Address } },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = cluster.Value.ActivityTimeout },
        }).ToList();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddTransforms(transforms =>
            {
                // The answer is read for its usage: it must come back uncompressed.
                transforms.AddRequestHeaderRemove("Accept-Encoding");
                transforms.AddRequestTransform(UpstreamRequestTransform.ApplyAsync);
                transforms.AddResponseTransform(UsageResponseTransform.ApplyAsync);
            });
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<GatewayPrices>() is not { } prices)
        {
            return app;
        }

        var time = app.Services.GetRequiredService<TimeProvider>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Billing.Server.Gateway");
        app.MapReverseProxy().ConfigureEndpoints((endpoint, route) => endpoint.WithMetadata(
            new PaymentRequirement(UInt128.Zero, $"Metered inference ({route.RouteId})")
            {
                Metering = new RouteMetering(route.RouteId, prices.Book, prices.Options, time, logger),
            }));
        return app;
    }
}
