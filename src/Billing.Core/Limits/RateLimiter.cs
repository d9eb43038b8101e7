using System.Collections.Concurrent;

namespace Billing.Core.Limits;

/// <summary>
/// The provider's per-key rate limits (requests per minute, tokens per minute) as token buckets. Thread-safe; time
/// comes from an injected <see cref="TimeProvider"/>'s monotonic timestamps.
/// </summary>
/// <remarks>
/// A request takes one request and its announced tokens (e.g. prompt plus max_tokens) from both buckets at once, or
/// nothing. <see cref="Reconcile"/> settles the difference when the actual count is known. Keys whose buckets are full
/// carry no information and are evicted, so the number of tracked keys stays near the number of active ones.
/// </remarks>
public sealed class RateLimiter
{
    private const int MinimumSweepThreshold = 4_096;

    private readonly ConcurrentDictionary<string, KeyBuckets> _keys = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _sweepThreshold = MinimumSweepThreshold;
    private int _sweeping;

    public RateLimiter(RateLimitPolicy policy, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Policy = policy;
        _time = timeProvider;
    }

    public RateLimitPolicy Policy { get; }

    public int TrackedKeys => _keys.Count;

    /// <summary>Takes one request and <paramref name="tokens"/> tokens from the key's allowance if both are available.</summary>
    public RateDecision TryAcquire(string key, ulong tokens)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Policy.TokensPerMinute is { } perMinute && tokens > perMinute)
        {
            return new RateDecision(RateLimitReason.ExceedsCapacity, null);
        }

        while (true)
        {
            var buckets = Buckets(key);
            lock (buckets.Gate)
            {
                if (buckets.Retired)
                {
                    continue;
                }

                buckets.Refill(_time.GetTimestamp(), _time);
                var requestWait = buckets.Requests?.TicksUntil(1) ?? 0;
                var tokenWait = buckets.Tokens?.TicksUntil(tokens) ?? 0;
                if (requestWait == 0 && tokenWait == 0)
                {
                    buckets.Requests?.Take(1);
                    buckets.Tokens?.Take(tokens);
                    return RateDecision.Allowed;
                }

                var reason = tokenWait > requestWait ? RateLimitReason.Tokens : RateLimitReason.Requests;
                return new RateDecision(reason, TimeSpan.FromTicks(Math.Max(requestWait, tokenWait)));
            }
        }
    }

    /// <summary>
    /// Settles a request's tokens once known: unused announced tokens go back to the bucket, extra ones become debt
    /// that delays the key's next request.
    /// </summary>
    public void Reconcile(string key, ulong announcedTokens, ulong actualTokens)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Policy.TokensPerMinute is null || announcedTokens == actualTokens)
        {
            return;
        }

        while (true)
        {
            var buckets = Buckets(key);
            lock (buckets.Gate)
            {
                if (buckets.Retired)
                {
                    continue;
                }

                buckets.Refill(_time.GetTimestamp(), _time);
                buckets.Tokens?.Adjust((Int128)announcedTokens - actualTokens);
                return;
            }
        }
    }

    /// <summary>
    /// Gives back one request taken with <see cref="TryAcquire"/>, never above the bucket's capacity: for callers that take
    /// a request up front, before work whose outcome decides whether it should count.
    /// </summary>
    public void Release(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Policy.RequestsPerMinute is null)
        {
            return;
        }

        while (true)
        {
            var buckets = Buckets(key);
            lock (buckets.Gate)
            {
                if (buckets.Retired)
                {
                    continue;
                }

                buckets.Refill(_time.GetTimestamp(), _time);
                buckets.Requests?.Adjust(1);
                return;
            }
        }
    }

    /// <summary>Forgets keys whose buckets have refilled completely.</summary>
    /// <returns>How many keys were forgotten.</returns>
    public int EvictIdle()
    {
        var evicted = 0;
        var now = _time.GetTimestamp();
        foreach (var (key, buckets) in _keys)
        {
            lock (buckets.Gate)
            {
                buckets.Refill(now, _time);
                if (buckets.IsFull && _keys.TryRemove(new KeyValuePair<string, KeyBuckets>(key, buckets)))
                {
                    buckets.Retired = true;
                    evicted++;
                }
            }
        }

        return evicted;
    }

    private KeyBuckets Buckets(string key)
    {
        if (_keys.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var buckets = _keys.GetOrAdd(
            key,
            static (_, state) => new KeyBuckets(state.Policy, state.Now),
            (Policy, Now: _time.GetTimestamp()));
        if (_keys.Count > Volatile.Read(ref _sweepThreshold))
        {
            SweepIdleKeys();
        }

        return buckets;
    }

    private void SweepIdleKeys()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            EvictIdle();
            Volatile.Write(ref _sweepThreshold, Math.Max(MinimumSweepThreshold, _keys.Count * 2));
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
