using Billing.Abstractions.Chain;
using Billing.Grains.Chain;
using Microsoft.Extensions.Options;

namespace Billing.Server.Chain;

/// <summary>
/// Drives the cluster's chain watcher grain on an interval. Every silo runs this loop; the grain has one activation, so
/// polls from several silos simply queue behind each other and find nothing new.
/// </summary>
public sealed partial class ChainWatcherService(IGrainFactory grains, IOptions<ChainWatcherOptions> options, ILogger<ChainWatcherService> logger)
    : BackgroundService
{
    public const string WatcherKey = "batch-settlement";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await grains.GetGrain<IChainWatcherGrain>(WatcherKey).Poll();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The cursor did not move; the next tick retries the same range.
                LogPollFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain watcher poll failed; retrying on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
