namespace Billing.Core.Limits;

/// <summary>Why a rate limiter refused a request.</summary>
public enum RateLimitReason
{
    None,

    /// <summary>The key used up its requests per minute.</summary>
    Requests,

    /// <summary>The key used up its tokens per minute (or owes tokens from requests that used more than announced).</summary>
    Tokens,

    /// <summary>The request asks for more tokens than a whole minute allows: waiting cannot help.</summary>
    ExceedsCapacity,
}
