using Billing.Persistence;
using Billing.Persistence.Exact;

namespace Billing.Server.Exact;

internal static class ExactServiceCollectionExtensions
{
    /// <summary>The <c>exact</c> scheme: offers, verification, settlement, its table in the billing database, and the reconciler.</summary>
    public static IServiceCollection AddExactPayments(this IServiceCollection services, IConfiguration configuration, StorageProvider provider, string connectionString)
    {
        services.Configure<ExactOptions>(configuration.GetSection(ExactOptions.Section));
        services.AddSingleton(new ExactSettlementStore(provider, connectionString));
        services.AddSingleton<ExactOffers>();
        services.AddSingleton<ExactVerifier>();
        services.AddSingleton<ExactSettler>();
        services.AddSingleton<ExactPayments>();
        services.AddSingleton<ExactReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<ExactReconciler>());
        return services;
    }
}
