using Billing.Abstractions.Settlement;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// Runs settlement under the policy every Settlement:Interval. Every silo runs this loop, but a run needs the lease held by
/// the cluster's journal grain, so one silo settles at a time and claim nonces stay serial.
/// </summary>
internal sealed partial class SettlementScheduler(
    ClaimSettlement settlement, IGrainFactory grains, IOptions<SettlementOptions> options, IHostApplicationLifetime lifetime,
    ILogger<SettlementScheduler> logger)
    : BackgroundService
{
    private readonly string _holder = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Automatic || o.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        using var timer = new PeriodicTimer(o.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                await TickAsync(o, stopping.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: a claim in flight stays in the journal and the next start resumes it.
        }

        await ReleaseLeaseAsync();
    }

    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await grains.GetGrain<ISettlementJournalGrain>(ISettlementJournalGrain.Key).ReleaseLease(_holder);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The silo may already be going down; the lease then simply expires.
            LogLeaseKept(logger, ex);
        }
    }

    private async Task TickAsync(SettlementOptions o, CancellationToken cancellationToken)
    {
        try
        {
            // The lease outlives a slow run (receipt waits) so another silo does not start one alongside.
            var lease = o.Interval + o.ReceiptTimeout + o.ReceiptTimeout;
            if (!await grains.GetGrain<ISettlementJournalGrain>(ISettlementJournalGrain.Key).TryLease(_holder, lease))
            {
                return;
            }

            var report = await settlement.RunAsync(force: false, cancellationToken);
            if (report.Problems.Count > 0)
            {
                LogProblems(logger, report.Problems.Count, string.Join("; ", report.Problems));
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing is lost: owed channels stay registered, batches in flight stay in the journal; the next tick retries.
            LogRunFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled settlement run reported {Count} problem(s): {Problems}")]
    private static partial void LogProblems(ILogger logger, int count, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement lease not released on stop; it expires on its own")]
    private static partial void LogLeaseKept(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled settlement run failed; retrying on the next tick")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
