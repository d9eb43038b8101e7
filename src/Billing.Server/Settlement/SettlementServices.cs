namespace Billing.Server.Settlement;

internal static class SettlementServices
{
    /// <summary>The settlement runner (on demand and, unless Settlement:Automatic is false, on an interval).</summary>
    public static IServiceCollection AddSettlement(this IServiceCollection services)
    {
        services.AddSingleton<SettlementAccount>();
        services.AddSingleton<ClaimCalls>();
        services.AddSingleton<ClaimFees>();
        services.AddSingleton<ClaimBatchPlanner>();
        services.AddSingleton<ClaimTransactions>();
        services.AddSingleton<SettlementSweeps>();
        services.AddSingleton<ClaimedChannels>();
        services.AddSingleton<ClaimSettlement>();
        services.AddHostedService<SettlementScheduler>();
        return services;
    }
}
