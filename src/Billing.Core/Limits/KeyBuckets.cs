namespace Billing.Core.Limits;

/// <summary>The request and token buckets of one key, refilled together under one lock.</summary>
internal sealed class KeyBuckets(RateLimitPolicy policy, long timestamp)
{
    private long _refilledAt = timestamp;

    public Lock Gate { get; } = new();

    public TokenBucket? Requests { get; } = policy.RequestsPerMinute is { } rpm ? new TokenBucket(rpm) : null;

    public TokenBucket? Tokens { get; } = policy.TokensPerMinute is { } tpm ? new TokenBucket(tpm) : null;

    /// <summary>Set when the key was evicted: a caller holding this instance must look the key up again.</summary>
    public bool Retired { get; set; }

    public bool IsFull => (Requests?.IsFull ?? true) && (Tokens?.IsFull ?? true);

    public void Refill(long timestamp, TimeProvider time)
    {
        if (timestamp <= _refilledAt)
        {
            return;
        }

        var elapsed = time.GetElapsedTime(_refilledAt, timestamp).Ticks;
        Requests?.Refill(elapsed);
        Tokens?.Refill(elapsed);
        _refilledAt = timestamp;
    }
}
