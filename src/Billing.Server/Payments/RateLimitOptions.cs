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

    /// <summary>
    /// Deposits and refunds per channel per <see cref="ChainOperationWindow"/>. Each one is a transaction whose gas this
    /// server pays, so a payer cycling small deposits and refunds must run out of them long before it drains the sender.
    /// </summary>
    public ulong? ChainOperationsPerChannel { get; set; } = 10;

    /// <summary>Deposits and refunds per payer (over all its channels) per <see cref="ChainOperationWindow"/>.</summary>
    public ulong? ChainOperationsPerPayer { get; set; } = 30;

    /// <summary>The window the chain-operation budgets are counted over.</summary>
    public TimeSpan ChainOperationWindow { get; set; } = TimeSpan.FromHours(1);
}
