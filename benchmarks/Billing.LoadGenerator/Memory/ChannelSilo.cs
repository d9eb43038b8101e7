using System.Net;
using System.Net.Sockets;
using Billing.Core.Journal;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Grains.Chain;
using Billing.Grains.Channels;
using Billing.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Billing.LoadGenerator.Memory;

/// <summary>
/// One Orleans silo in this process hosting the billing grains as the server registers them (voucher verifier, native
/// secp256k1, default channel options), with the chain read, storage and charge journal replaced as the memory
/// scenario needs.
/// </summary>
public sealed class ChannelSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ChannelSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<ChannelSilo> StartAsync(BatchSettlementDomain domain, UInt128 deposit, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => Secp256k1.Default);
        builder.Services.AddSingleton(domain);
        builder.Services.AddSingleton<VoucherVerifier>();
        builder.Services.AddSingleton<IChannelChainReader>(new FundedChainReader(deposit));
        builder.Services.AddSingleton<UnfundedChannels>();
        builder.Services.AddOptions<ChannelGrainOptions>();
        builder.Services.AddKeyedSingleton<IGrainStorage>(BillingStorageNames.Channels, (_, _) => new DiscardingGrainStorage());
        builder.Services.AddSingleton<IChargeJournal>(new DiscardingChargeJournal());
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: $"bench-memory-{Guid.NewGuid():N}"));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new ChannelSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
