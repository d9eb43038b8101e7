using Billing.Core.Limits;
using CsCheck;

namespace Billing.Core.Tests.Limits;

public sealed class RateLimiterTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Requests_per_minute_allow_a_full_minute_then_refill_continuously()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { RequestsPerMinute = 60 }, _clock);

        for (var i = 0; i < 60; i++)
        {
            Assert.True(limiter.TryAcquire("agent", 0).IsAllowed);
        }

        var limited = limiter.TryAcquire("agent", 0);
        Assert.Equal(new RateDecision(RateLimitReason.Requests, TimeSpan.FromSeconds(1)), limited);

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(limiter.TryAcquire("agent", 0).IsAllowed);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryAcquire("agent", 0).IsAllowed);
        Assert.False(limiter.TryAcquire("agent", 0).IsAllowed);
    }

    [Fact]
    public void A_released_request_can_be_taken_again_but_never_lifts_the_bucket_above_a_minute()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { RequestsPerMinute = 3 }, _clock);

        // Released before anything was taken: the bucket is already full and must stay at three.
        limiter.Release("client");
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAcquire("client", 0).IsAllowed);
        }

        Assert.False(limiter.TryAcquire("client", 0).IsAllowed);
        limiter.Release("client");
        Assert.True(limiter.TryAcquire("client", 0).IsAllowed);
        Assert.False(limiter.TryAcquire("client", 0).IsAllowed);
        Assert.True(limiter.TryAcquire("someone else", 0).IsAllowed);
    }

    [Fact]
    public void Tokens_per_minute_give_an_exact_retry_after()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { TokensPerMinute = 1_000 }, _clock);

        Assert.True(limiter.TryAcquire("agent", 600).IsAllowed);
        var limited = limiter.TryAcquire("agent", 600);

        // 200 tokens short at 1,000 per minute: 12 seconds.
        Assert.Equal(new RateDecision(RateLimitReason.Tokens, TimeSpan.FromSeconds(12)), limited);
        _clock.Advance(TimeSpan.FromSeconds(12));
        Assert.True(limiter.TryAcquire("agent", 600).IsAllowed);
    }

    [Fact]
    public void Retry_after_rounds_a_fraction_of_a_tick_up_never_down()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { TokensPerMinute = 7 }, _clock);
        Assert.True(limiter.TryAcquire("agent", 7).IsAllowed);

        // One token refills in 60 s / 7 = 85,714,285.7 ticks: the caller must wait 85,714,286.
        Assert.Equal(TimeSpan.FromTicks(85_714_286), limiter.TryAcquire("agent", 1).RetryAfter);
    }

    [Fact]
    public void Retry_after_is_exactly_long_enough_never_a_tick_short()
    {
        Gen.Select(Gen.ULong[1, 1_000_000], Gen.Double[0, 1], Gen.Double[0, 1]).Sample((perMinute, firstShare, secondShare) =>
        {
            var clock = new ManualTimeProvider();
            var limiter = new RateLimiter(new RateLimitPolicy { TokensPerMinute = perMinute }, clock);
            var first = (ulong)(perMinute * firstShare);
            var second = Math.Max(1, (ulong)(perMinute * secondShare));
            Assert.True(limiter.TryAcquire("k", first).IsAllowed);

            var decision = limiter.TryAcquire("k", second);
            if (decision.IsAllowed)
            {
                Assert.True(first + second <= perMinute);
                return;
            }

            var wait = Assert.NotNull(decision.RetryAfter);
            clock.Advance(wait - TimeSpan.FromTicks(1));
            Assert.False(limiter.TryAcquire("k", second).IsAllowed);
            clock.Advance(TimeSpan.FromTicks(1));
            Assert.True(limiter.TryAcquire("k", second).IsAllowed);
        }, iter: 2_000);
    }

    [Fact]
    public void A_refused_request_takes_nothing_from_either_bucket()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { RequestsPerMinute = 2, TokensPerMinute = 100 }, _clock);

        Assert.True(limiter.TryAcquire("agent", 100).IsAllowed);
        Assert.Equal(RateLimitReason.Tokens, limiter.TryAcquire("agent", 1).Reason);
        // The token refusal did not use up the second request.
        Assert.True(limiter.TryAcquire("agent", 0).IsAllowed);
        Assert.Equal(RateLimitReason.Requests, limiter.TryAcquire("agent", 0).Reason);
    }

    [Fact]
    public void A_request_larger_than_a_minute_of_tokens_is_refused_without_a_retry_after()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { TokensPerMinute = 1_000 }, _clock);

        var decision = limiter.TryAcquire("agent", 1_001);

        Assert.Equal(RateLimitReason.ExceedsCapacity, decision.Reason);
        Assert.Null(decision.RetryAfter);
        Assert.True(limiter.TryAcquire("agent", 1_000).IsAllowed);
    }

    [Fact]
    public void Reconcile_returns_unused_tokens_and_turns_extra_ones_into_debt()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { TokensPerMinute = 1_000 }, _clock);

        Assert.True(limiter.TryAcquire("agent", 1_000).IsAllowed);
        limiter.Reconcile("agent", announcedTokens: 1_000, actualTokens: 400);
        Assert.True(limiter.TryAcquire("agent", 600).IsAllowed);

        limiter.Reconcile("agent", announcedTokens: 600, actualTokens: 900);
        var inDebt = limiter.TryAcquire("agent", 0);
        // 300 tokens owed at 1,000 per minute: 18 seconds before even an empty request passes.
        Assert.Equal(new RateDecision(RateLimitReason.Tokens, TimeSpan.FromSeconds(18)), inDebt);
    }

    [Fact]
    public void Giving_back_tokens_never_raises_a_bucket_above_one_minute()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { TokensPerMinute = 1_000 }, _clock);

        limiter.Reconcile("agent", announcedTokens: 5_000, actualTokens: 0);

        Assert.True(limiter.TryAcquire("agent", 1_000).IsAllowed);
        Assert.False(limiter.TryAcquire("agent", 1).IsAllowed);
    }

    [Fact]
    public void Keys_are_limited_independently()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { RequestsPerMinute = 1 }, _clock);

        Assert.True(limiter.TryAcquire("alice", 0).IsAllowed);
        Assert.True(limiter.TryAcquire("bob", 0).IsAllowed);
        Assert.False(limiter.TryAcquire("alice", 0).IsAllowed);
    }

    [Fact]
    public void Idle_keys_are_forgotten_but_limited_ones_are_kept()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { RequestsPerMinute = 10 }, _clock);
        limiter.TryAcquire("idle", 0);
        for (var i = 0; i < 10; i++)
        {
            limiter.TryAcquire("busy", 0);
        }

        _clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(1, limiter.EvictIdle());
        Assert.Equal(1, limiter.TrackedKeys);
        // "busy" refilled only one request in six seconds; forgetting it would have handed it a full minute.
        Assert.True(limiter.TryAcquire("busy", 0).IsAllowed);
        Assert.False(limiter.TryAcquire("busy", 0).IsAllowed);
    }

    [Fact]
    public void Concurrent_requests_on_one_key_never_exceed_the_limit()
    {
        var limiter = new RateLimiter(new RateLimitPolicy { RequestsPerMinute = 100 }, _clock);
        var allowed = 0;

        Parallel.For(0, 5_000, _ =>
        {
            if (limiter.TryAcquire("agent", 0).IsAllowed)
            {
                Interlocked.Increment(ref allowed);
            }
        });

        Assert.Equal(100, allowed);
    }

    [Fact]
    public void A_zero_rate_is_a_configuration_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitPolicy { TokensPerMinute = 0 });
    }
}
