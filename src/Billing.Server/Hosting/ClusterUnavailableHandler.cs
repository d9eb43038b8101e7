using System.Globalization;
using Billing.Server.Payments;
using Billing.X402;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Billing.Server.Hosting;

/// <summary>
/// A request that failed because the cluster could not reach a grain (a silo died and is not yet evicted, a message was
/// rejected or timed out, two activations raced after a failover) is answered 503 with <c>Retry-After</c> and an x402
/// reason, instead of a bare 500: nothing was charged, and the same payment may be sent again in a moment.
/// </summary>
/// <remarks>
/// Registered with the exception handler, so it sees only exceptions thrown before the response started; a stream
/// that breaks mid-way is cut off as any other.
/// </remarks>
public sealed partial class ClusterUnavailableHandler(ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is told to wait: membership usually routes around a dead silo within seconds.</summary>
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!IsClusterUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, httpContext.Request.Path);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json";
        await response.WriteAsync(
            PaymentReplies.ErrorBody(
                X402ErrorReasons.BatchVerificationStateUnavailable,
                $"the channel could not be reached while the cluster recovers; nothing was charged, retry in {RetryAfterSeconds} s"),
            cancellationToken);
        return true;
    }

    /// <summary>The failures that say where a grain lives, not what it decided; wrapped ones count too.</summary>
    public static bool IsClusterUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OrleansMessageRejectionException or ClientNotAvailableException or GatewayTooBusyException
                or ConnectionFailedException or InconsistentStateException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: the cluster could not reach a grain ({Failure}) for {Path}")]
    private static partial void LogUnavailable(ILogger logger, string failure, PathString path);
}
