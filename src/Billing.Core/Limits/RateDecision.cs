namespace Billing.Core.Limits;

/// <summary>A rate limiter's answer.</summary>
/// <param name="RetryAfter">
/// How long until the same request would be allowed (for a 429's <c>Retry-After</c>); <c>null</c> when allowed or when
/// waiting cannot help.
/// </param>
public readonly record struct RateDecision(RateLimitReason Reason, TimeSpan? RetryAfter)
{
    public static RateDecision Allowed { get; } = new(RateLimitReason.None, null);

    public bool IsAllowed => Reason == RateLimitReason.None;
}
