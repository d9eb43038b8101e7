using System.Globalization;
using Billing.Server.Demo;
using Billing.Server.Gateway;

namespace Billing.Server.Hosting;

/// <summary>
/// Builds the server exactly as <c>Program</c> runs it, so the CLI, the demo and the tests host the same thing.
/// </summary>
public static class ServerApp
{
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null, string? contentRoot = null)
    {
        var options = new WebApplicationOptions { Args = args, ContentRootPath = contentRoot ?? AppContext.BaseDirectory };
        var builder = WebApplication.CreateBuilder(options);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddBillingEngine();
        builder.AddGateway();
        var app = builder.Build();
        app.MapBillingEngine();
        app.MapGateway();
        if (app.Configuration["Demo:Price"] is { Length: > 0 } price)
        {
            app.MapDemoRoutes(UInt128.Parse(price, CultureInfo.InvariantCulture));
        }

        return app;
    }
}
