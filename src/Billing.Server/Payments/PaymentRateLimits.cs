using System.Globalization;
using Billing.Core.Limits;
using Microsoft.Extensions.Options;

namespace Billing.Server.Payments;

/// <summary>The token buckets the payment middleware consults before doing any work a request has not paid for.</summary>
public sealed class PaymentRateLimits(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private readonly RateLimiter? _unpaid = Create(options.Value.UnpaidPerClientPerMinute, time);
    private readonly RateLimiter? _perChannel = Create(options.Value.PaidPerChannelPerMinute, time);
    private readonly RateLimiter? _perPayer = Create(options.Value.PaidPerPayerPerMinute, time);

    public RateDecision Unpaid(HttpContext context) =>
        _unpaid?.TryAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", 0) ?? RateDecision.Allowed;

    public RateDecision Paid(string channelId, string payer)
    {
        var channel = _perChannel?.TryAcquire(channelId, 0) ?? RateDecision.Allowed;
        return channel.IsAllowed ? _perPayer?.TryAcquire(payer.ToLowerInvariant(), 0) ?? RateDecision.Allowed : channel;
    }

    /// <summary>429 with Retry-After in whole seconds, rounded up.</summary>
    public static Task RefuseAsync(HttpContext context, RateDecision decision)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (decision.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"error":"rate_limited","message":"{{decision.Reason}}"}""");
    }

    private static RateLimiter? Create(ulong? perMinute, TimeProvider time) =>
        perMinute is { } limit ? new RateLimiter(new RateLimitPolicy { RequestsPerMinute = limit }, time) : null;
}
