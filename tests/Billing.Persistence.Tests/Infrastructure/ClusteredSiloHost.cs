using System.Net;
using System.Net.Sockets;
using Billing.Persistence.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>
/// A silo hosted the way Billing.Server hosts it (generic host, co-hosted client), on free loopback ports, so that
/// membership really goes through the ADO.NET clustering queries.
/// </summary>
public static class ClusteredSiloHost
{
    public static async Task<IHost> StartAsync(BillingStorageOptions options, string clusterId, string serviceId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.Configure<Orleans.Configuration.ClusterOptions>(cluster =>
            {
                cluster.ClusterId = clusterId;
                cluster.ServiceId = serviceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
            silo.AddBillingStorage(options);
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
