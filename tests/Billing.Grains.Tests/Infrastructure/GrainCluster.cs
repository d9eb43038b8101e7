using Billing.Core.Journal;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Grains.Chain;
using Billing.Grains.Channels;
using Billing.Persistence;
using Billing.Persistence.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// Two in-process silos wired the way Billing.Server wires one: the billing store on a real database engine, the real
/// voucher verifier (chain 31337), channel grain options through <c>Configure</c>. Only the chain is a double
/// (<see cref="FakeChannelChain"/>), and the clock can be skewed forward (<see cref="AdjustableClock"/>). Shared by one
/// xUnit collection; every test opens channels of its own.
/// </summary>
public abstract class GrainCluster : IAsyncLifetime
{
    /// <summary>Long enough that no test crosses it by accident; tests that need a resync advance <see cref="Clock"/>.</summary>
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);

    private InProcessTestCluster? _cluster;

    public BatchSettlementDomain Domain { get; } = new(31337, Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003"));

    public FakeChannelChain Chain { get; } = new();

    public AdjustableClock Clock { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IClusterClient Client => Cluster.Client;

    public IReadOnlyList<InProcessSiloHandle> ActiveSilos => [.. Cluster.Silos.Where(silo => silo.IsActive)];

    public async Task InitializeAsync()
    {
        var storage = await CreateStorageAsync();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddBillingStorage(storage);
            var services = silo.Services;
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(Secp256k1.Default);
            services.AddSingleton(Domain);
            services.AddSingleton<VoucherVerifier>();
            services.AddSingleton<IChannelChainReader>(Chain);
            services.AddSingleton<UnfundedChannels>();
            services.Configure<ChannelGrainOptions>(options =>
            {
                options.ResyncInterval = ResyncInterval;
                ConfigureChannels(options);
            });
            ConfigureServices(services);
        });

        _cluster = builder.Build();
        try
        {
            await _cluster.DeployAsync();
        }
        catch
        {
            // Whether or not the runner disposes a fixture that failed to start, the silos and the database go now.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        var cluster = Interlocked.Exchange(ref _cluster, null);
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        await DropStorageAsync();
    }

    /// <summary>A new channel, funded on the fake chain with <paramref name="deposit"/> unless that is zero.</summary>
    public TestChannel OpenChannel(UInt128 deposit)
    {
        var channel = new TestChannel(Domain);
        if (deposit > UInt128.Zero)
        {
            Chain.Deposit(channel.Id, deposit);
        }

        return channel;
    }

    /// <summary>The grain factory of code running inside <paramref name="silo"/> (what the co-hosted HTTP layer uses).</summary>
    public IGrainFactory GrainFactoryOf(InProcessSiloHandle silo) =>
        Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IGrainFactory>();

    /// <summary>The silos holding an activation of <paramref name="grain"/>, as the cluster's management grain reports them.</summary>
    public async Task<IReadOnlyList<SiloAddress>> ActivationsOf(IAddressable grain)
    {
        var grainId = grain.GetGrainId();
        var activations = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. activations.Where(activation => activation.GrainId == grainId).Select(activation => activation.SiloAddress)];
    }

    /// <summary>The charge journal the silos write to (the cluster's database).</summary>
    public IChargeJournal Journal => Cluster.GetSiloServiceProvider(ActiveSilos[0].SiloAddress).GetRequiredService<IChargeJournal>();

    /// <summary>Channel grain options beyond the defaults (which are strict durability).</summary>
    protected virtual void ConfigureChannels(ChannelGrainOptions options)
    {
    }

    /// <summary>Silo services beyond the billing store's (registered after it, so a registration here wins).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected abstract Task<BillingStorageOptions> CreateStorageAsync();

    protected abstract Task DropStorageAsync();
}
