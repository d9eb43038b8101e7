using Billing.Abstractions.Channels;
using Billing.Server.Hosting;

namespace Billing.Server.Payments;

/// <summary>
/// Keeps a request's reservation alive while its handler or stream runs, and commits it when it is done. Renews it with
/// the channel every third of the reservation timeout, so a long stream never loses its reservation (and the charge behind
/// it) to expiry, while the reservation of a request whose process died still lapses within one timeout. Disposing it
/// stops the renewals.
/// </summary>
public sealed partial class ReservationLease : IAsyncDisposable
{
    // Longer than membership takes to evict a dead silo at Orleans' default failure detection (about 10-15 s).
    private static readonly TimeSpan UnreachableFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly PeriodicTimer _timer;
    private readonly Task _renewals;
    private readonly IChannelGrain _channel;
    private readonly VoucherPresentation _presentation;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private ReservationLease(IChannelGrain channel, VoucherPresentation presentation, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _channel = channel;
        _presentation = presentation;
        _time = time;
        _logger = logger;
        _timer = new PeriodicTimer(interval, time);
        _renewals = RenewAsync(channel, presentation.RequestId, _timer, logger);
    }

    /// <summary>Starts renewing the reservation <paramref name="presentation"/> just obtained.</summary>
    internal static ReservationLease Start(
        IChannelGrain channel, VoucherPresentation presentation, TimeSpan reservationTimeout, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(presentation);

        // A third of the timeout: two renewals in a row may fail (a slow silo, a grain moving) before the reservation lapses.
        var interval = reservationTimeout / 3;
        return new ReservationLease(channel, presentation, interval > TimeSpan.Zero ? interval : TimeSpan.FromMilliseconds(1), time, logger);
    }

    /// <summary>
    /// Commits the request, which has run, through what a cluster does to its channel meanwhile. The channel's grain may
    /// have died with its silo: until membership declares that silo dead every call fails, and then the channel comes back
    /// elsewhere from its snapshot and charge log, which hold charges, not open reservations. Refusing the commit then
    /// would serve the request free, so the commit is tried again until the channel answers, and a reservation the new
    /// activation never saw is made again from the request's own voucher (checked as any voucher is). That cannot book the
    /// request twice: a commit logged before the crash is recovered as committed, and its replay says so.
    /// </summary>
    public async ValueTask<PaymentDecision> CommitAsync(Func<IChannelGrain, string, ValueTask<PaymentDecision>> commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var giveUpAt = _time.GetUtcNow() + UnreachableFor;
        while (true)
        {
            try
            {
                var committed = await commit(_channel, _presentation.RequestId);
                if (committed.Rejection != PaymentRejection.ReservationNotFound)
                {
                    return committed;
                }

                var reserved = await _channel.Authorize(_presentation);
                if (!reserved.Succeeded)
                {
                    return committed;
                }

                LogReserveAgain(_logger, _presentation.RequestId);
                return await commit(_channel, _presentation.RequestId);
            }
            catch (Exception ex) when (ClusterUnavailableHandler.IsClusterUnavailable(ex) && _time.GetUtcNow() < giveUpAt)
            {
                LogCommitRetried(_logger, ex, _presentation.RequestId);
                await Task.Delay(RetryDelay, _time);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the timer ends the wait for its next tick without an exception: cancelling it instead threw an
        // OperationCanceledException per paid request: 15 % of the CPU samples in a profile of the strict scenario.
        _timer.Dispose();
        await _renewals;
    }

    private static async Task RenewAsync(IChannelGrain channel, string requestId, PeriodicTimer timer, ILogger logger)
    {
        while (await timer.WaitForNextTickAsync())
        {
            try
            {
                var renewed = await channel.Renew(requestId);
                if (renewed.Rejection == PaymentRejection.ReservationNotFound)
                {
                    // Committed or voided meanwhile, or lapsed and taken over: nothing is left to renew.
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A renewal that fails now may succeed at the next tick, well before the reservation times out.
                LogRenewalFailed(logger, ex, requestId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} ran and its reservation was gone (its channel moved to another silo); reserved again from its voucher to commit it")]
    private static partial void LogReserveAgain(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing request {RequestId} failed: its channel is unreachable while the cluster recovers; retried")]
    private static partial void LogCommitRetried(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the reservation of request {RequestId} failed; retried at the next interval")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string requestId);
}
