using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Grains.Chain;
using Billing.Server.Chain;
using Billing.Server.Exact;
using Billing.Grains.Channels;
using Billing.Grains.Storage;
using Billing.Persistence;
using Billing.Persistence.Hosting;
using Billing.Persistence.Payments;
using Billing.Server.Facilitator;
using Billing.Server.Operator;
using Billing.Server.Payments;
using Billing.Server.Reconciliation;
using Billing.Server.Settlement;
using Billing.X402.Http;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Billing.Server.Hosting;

/// <summary>
/// One process = one Orleans silo + ASP.NET Core, co-hosted: HTTP handlers call grains in-process, without a gateway hop.
/// </summary>
public static class BillingHost
{
    public static WebApplicationBuilder AddBillingEngine(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.Configure<ChainOptions>(configuration.GetSection(ChainOptions.Section));
        services.Configure<PaymentOptions>(configuration.GetSection(PaymentOptions.Section));
        services.Configure<KeyOptions>(configuration.GetSection(KeyOptions.Section));
        services.Configure<ChannelGrainOptions>(configuration.GetSection(ChannelGrainOptions.Section));
        services.Configure<ChainWatcherOptions>(configuration.GetSection(ChainWatcherOptions.Section));
        services.Configure<OperatorOptions>(configuration.GetSection(OperatorOptions.Section));
        services.Configure<SettlementOptions>(configuration.GetSection(SettlementOptions.Section));
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.Configure<SenderBalanceOptions>(configuration.GetSection(SenderBalanceOptions.Section));

        services.AddSingleton<IPostConfigureOptions<ChainOptions>, DeploymentFile>();
        services.AddSingleton<IPostConfigureOptions<PaymentOptions>, DeploymentFileAsset>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => Secp256k1.Default);
        services.AddSingleton<ServerKeys>();
        services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<IOptions<ChainOptions>>().Value;
            return new BatchSettlementDomain(chain.ChainId, Address.Parse(chain.BatchSettlement));
        });
        services.AddSingleton<VoucherVerifier>();
        services.AddSingleton<OfferCatalog>();
        var storage = configuration.GetSection(StorageSettings.Section).Get<StorageSettings>() ?? new StorageSettings();
        var connectionString = storage.ResolveConnectionString(builder.Environment.ContentRootPath);
        services.AddSingleton(new ClusterLocks(storage.Provider == StorageProvider.PostgreSql ? connectionString : null));
        services.AddChainAccess();
        services.AddFacilitator();
        services.AddSettlement();
        services.AddReconciliation();
        services.AddHostedService<ChainWatcherService>();
        services.AddSingleton<SenderBalances>();
        services.AddHostedService<SenderBalanceWatch>();
        services.AddSingleton<ChannelDeposits>();
        services.AddSingleton<ChannelRefunds>();
        services.AddSingleton<ReservationLeases>();
        services.AddSingleton<PaymentRateLimits>();
        services.AddSingleton<PaidResponseStore>();
        services.AddSingleton<PaidRouteTable>();

        var forwarded = ForwardedHeaders(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = forwarded.ForwardLimit;

            // ASP.NET Core trusts loopback by default; here only the proxies the operator names are trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in forwarded.KnownProxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in forwarded.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        // An unhandled exception is answered with a bare problem+json 500 in every environment: no stack trace or
        // exception text reaches a client, Development included (the developer exception page never sees it). A grain
        // the cluster cannot reach during a failover is a 503 with Retry-After instead.
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail = null;
            context.ProblemDetails.Extensions.Clear();
        });

        // Browsers may call paid routes from other origins: they must be allowed to send the payment header and to read the
        // 402 requirements and the receipt. Origins default to any; restrict them with Cors:AllowedOrigins. The operator
        // API opts out of CORS altogether (OperatorApi).
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            _ = origins.Length == 0 ? policy.AllowAnyOrigin() : policy.WithOrigins(origins);
            policy.AllowAnyMethod()
                .WithHeaders(X402Headers.PaymentSignature, X402Headers.XPayment, "Content-Type", "Authorization")
                .WithExposedHeaders(X402Headers.PaymentRequired, X402Headers.PaymentResponse, X402Headers.XPaymentResponse);
        }));

        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        services.AddExactPayments(configuration, storage.Provider, connectionString);
        services.AddSingleton(new PaidAnswerStore(storage.Provider, connectionString));
        builder.UseOrleans(silo =>
        {
            if (cluster.UseDatabaseMembership)
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ServiceId = cluster.ServiceId;
                    o.ClusterId = cluster.ClusterId;
                });
                cluster.ConfigureEndpoints(silo);

                // Failure detection (probe period and timeout, missed probes, votes) as Orleans names it, unchanged unless
                // configured: README "Running a cluster" says what each costs.
                silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(ClusterSettings.MembershipSection));
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }

            silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = cluster.DirectoryCacheSize);
            silo.AddBillingStorage(new BillingStorageOptions
            {
                Provider = storage.Provider,
                ConnectionString = connectionString,
                ChargeLogLinger = storage.ChargeLogLinger,
                UseClustering = cluster.UseDatabaseMembership,
                UseReminders = cluster.UseDatabaseMembership,
            });
            if (!cluster.UseDatabaseMembership)
            {
                silo.UseInMemoryReminderService();
            }
        });
        return builder;
    }

    private static ForwardedHeadersSettings ForwardedHeaders(IConfiguration configuration) =>
        configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();

    public static WebApplication MapBillingEngine(this WebApplication app)
    {
        var curve = app.Services.GetRequiredService<ISecp256k1>();
        app.Logger.LogInformation("secp256k1 implementation: {Implementation}", curve.Name);
        if (ForwardedHeaders(app.Configuration).TrustsAnyProxy)
        {
            // First, so the rate limits and logs see the client the trusted proxy names.
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseCors();
        app.UseMiddleware<PaymentMiddleware>();
        app.MapOperatorApi();
        app.MapFacilitator();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
