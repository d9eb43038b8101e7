using System.Diagnostics;
using Billing.Persistence.Schema;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Billing.Persistence.Hosting;

/// <summary>
/// Applies the schema in the first stage of the silo lifecycle, before membership (runtime initialisation), grain
/// storage (application services) and reminders load their queries. A failure stops the silo before it joins the
/// cluster or activates a grain.
/// </summary>
internal sealed class SchemaMigrationParticipant(BillingStorageOptions options, ILogger<SchemaMigrationParticipant> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.First, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await StorageMigrator.ApplyAsync(options.Provider, options.ConnectionString, cancellationToken);
        logger.LogInformation(
            "Billing storage schema applied to {Provider} in {ElapsedMs:F0} ms",
            options.Provider,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
