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
    private readonly RateLimiter? _tokensPerChannel = CreateTokens(options.Value.TokensPerChannelPerMinute, time);
    private readonly RateLimiter? _tokensPerPayer = CreateTokens(options.Value.TokensPerPayerPerMinute, time);
    private readonly WindowBudget? _chainPerChannel = CreateBudget(options.Value.ChainOperationsPerChannel, options.Value.ChainOperationWindow, time);
    private readonly WindowBudget? _chainPerPayer = CreateBudget(options.Value.ChainOperationsPerPayer, options.Value.ChainOperationWindow, time);

    /// <summary>
    /// Takes one unit of the client's budget for work no payment has paid for. Every refusal spends one, and so does every
    /// payment attempt before it reaches a grain or the chain, so a client that sends vouchers for channels that do not
    /// exist, bad signatures or refunds it cannot get is stopped with 429 before they cost more than a bucket lookup.
    /// </summary>
    public RateDecision Unpaid(HttpContext context) => _unpaid?.TryAcquire(ClientKey(context), 0) ?? RateDecision.Allowed;

    /// <summary>Gives back the unit a payment attempt took once the payment was accepted: paying clients keep their budget.</summary>
    public void Accepted(HttpContext context) => _unpaid?.Release(ClientKey(context));

    public RateDecision Paid(string channelId, string payer)
    {
        var channel = _perChannel?.TryAcquire(channelId, 0) ?? RateDecision.Allowed;
        return channel.IsAllowed ? _perPayer?.TryAcquire(payer.ToLowerInvariant(), 0) ?? RateDecision.Allowed : channel;
    }

    /// <summary>Takes a metered request's token bound from its channel's and its payer's buckets, or from neither.</summary>
    public RateDecision Tokens(string channelId, string payer, ulong tokens)
    {
        var channel = _tokensPerChannel?.TryAcquire(channelId, tokens) ?? RateDecision.Allowed;
        if (!channel.IsAllowed)
        {
            return channel;
        }

        var decision = _tokensPerPayer?.TryAcquire(payer.ToLowerInvariant(), tokens) ?? RateDecision.Allowed;
        if (!decision.IsAllowed)
        {
            // Give the channel back what it was charged for a request that will not run.
            _tokensPerChannel?.Reconcile(channelId, tokens, 0);
        }

        return decision;
    }

    /// <summary>
    /// Takes one on-chain operation (a deposit or a refund we send and pay gas for) from the channel's and the payer's
    /// budgets, or from neither. Taken only once everything that can be checked off chain has passed.
    /// </summary>
    public RateDecision ChainOperation(string channelId, string payer)
    {
        var channel = _chainPerChannel?.TryTake(channelId) ?? RateDecision.Allowed;
        if (!channel.IsAllowed)
        {
            return channel;
        }

        var decision = _chainPerPayer?.TryTake(payer.ToLowerInvariant()) ?? RateDecision.Allowed;
        if (!decision.IsAllowed)
        {
            _chainPerChannel?.GiveBack(channelId);
        }

        return decision;
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

    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimiter? Create(ulong? perMinute, TimeProvider time) =>
        perMinute is { } limit ? new RateLimiter(new RateLimitPolicy { RequestsPerMinute = limit }, time) : null;

    private static WindowBudget? CreateBudget(ulong? perWindow, TimeSpan window, TimeProvider time) =>
        perWindow is { } limit ? new WindowBudget(limit, window, time) : null;

    private static RateLimiter? CreateTokens(ulong? perMinute, TimeProvider time) =>
        perMinute is { } limit ? new RateLimiter(new RateLimitPolicy { TokensPerMinute = limit }, time) : null;
}
