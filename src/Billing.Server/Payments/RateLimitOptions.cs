namespace Billing.Server.Payments;

/// <summary>
/// Request-rate limits, per silo (each silo counts what it serves). Bound from configuration section "RateLimits";
/// a null limit is no limit.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Requests per client address per minute that no accepted payment paid for: challenges, malformed or refused payments
    /// (unknown channels, bad signatures, refunds). Each payment attempt takes one before it reaches a grain or the chain
    /// and gets it back when its payment is accepted, so floods of refusals stay cheap and paying clients are not limited.
    /// </summary>
    public ulong? UnpaidPerClientPerMinute { get; set; } = 600;

    /// <summary>Paid requests per channel per minute.</summary>
    public ulong? PaidPerChannelPerMinute { get; set; }

    /// <summary>Paid requests per payer (over all its channels) per minute.</summary>
    public ulong? PaidPerPayerPerMinute { get; set; }

    /// <summary>
    /// Tokens per channel per minute on metered routes, counted at each request's upper bound (prompt bound + completion
    /// cap) when it is admitted: a conservative count that never lets a burst through on optimistic estimates.
    /// </summary>
    public ulong? TokensPerChannelPerMinute { get; set; }

    /// <summary>Tokens per payer (over all its channels) per minute on metered routes, counted the same way.</summary>
    public ulong? TokensPerPayerPerMinute { get; set; }
}
