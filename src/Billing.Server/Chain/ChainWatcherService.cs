using Billing.Abstractions.Chain;
using Billing.Grains.Chain;
using Microsoft.Extensions.Options;

namespace Billing.Server.Chain;

/// <summary>
/// Drives the cluster's chain watcher grain on an interval. Every silo runs this loop; the grain has one activation, so
/// polls from several silos simply queue behind each other and find nothing new.
/// </summary>
public sealed partial class ChainWatcherService(
    IGrainFactory grains, IOptions<ChainWatcherOptions> options, IHostApplicationLifetime lifetime, ILogger<ChainWatcherService> logger)
    : BackgroundService
{
    public const string WatcherKey = "batch-settlement";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // Stop with the application's first stopping signal: the silo may already be going down under a later poll.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        if (!await HostStartedAsync(stopping.Token))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await WaitAsync(timer, stopping.Token))
        {
            try
            {
                await grains.GetGrain<IChainWatcherGrain>(WatcherKey).Poll();
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // The cursor did not move; the next tick retries the same range. A background service must not die of it.
                LogPollFailed(logger, ex);
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Background services start before the silo is active; a grain call then finds no silo to place the watcher on and
    /// Orleans logs placement retries. The host's started signal comes after every hosted service, the silo included.
    /// </summary>
    private async Task<bool> HostStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain watcher poll failed; retrying on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
