using Billing.Abstractions.Channels;

namespace Billing.Server.Payments;

/// <summary>
/// Keeps a request's reservation alive while its handler or stream runs: renews it with the channel every third of the
/// reservation timeout, so a long stream never loses its reservation (and the charge behind it) to expiry, while the
/// reservation of a request whose process died still lapses within one timeout. Disposing it stops the renewals.
/// </summary>
public sealed partial class ReservationLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;

    private ReservationLease(IChannelGrain channel, string requestId, TimeSpan interval, TimeProvider time, ILogger logger) =>
        _renewals = RenewAsync(channel, requestId, interval, time, logger, _stop.Token);

    /// <summary>Starts renewing the reservation of <paramref name="requestId"/>, which must have just been authorized.</summary>
    internal static ReservationLease Start(IChannelGrain channel, string requestId, TimeSpan reservationTimeout, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(channel);

        // A third of the timeout: two renewals in a row may fail (a slow silo, a grain moving) before the reservation lapses.
        var interval = reservationTimeout / 3;
        return new ReservationLease(channel, requestId, interval > TimeSpan.Zero ? interval : TimeSpan.FromMilliseconds(1), time, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
    }

    private static async Task RenewAsync(IChannelGrain channel, string requestId, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stop))
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
                catch (Exception ex) when (ex is not OutOfMemoryException && !stop.IsCancellationRequested)
                {
                    // A renewal that fails now may succeed at the next tick, well before the reservation times out.
                    LogRenewalFailed(logger, ex, requestId);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The request finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the reservation of request {RequestId} failed; retried at the next interval")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string requestId);
}
