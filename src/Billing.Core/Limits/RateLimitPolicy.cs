namespace Billing.Core.Limits;

/// <summary>
/// A provider's per-key rate: requests and tokens per minute, each a token bucket that holds one minute's worth and
/// refills continuously. A <c>null</c> rate is unlimited.
/// </summary>
public sealed record RateLimitPolicy
{
    public ulong? RequestsPerMinute { get; init => field = Positive(value, nameof(RequestsPerMinute)); }

    public ulong? TokensPerMinute { get; init => field = Positive(value, nameof(TokensPerMinute)); }

    private static ulong? Positive(ulong? value, string name) =>
        value == 0 ? throw new ArgumentOutOfRangeException(name, "A rate is positive; leave it unset for no limit.") : value;
}
