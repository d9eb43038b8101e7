using Billing.Client.Channels;

namespace Billing.Client.Tests.Channels;

public sealed class ChannelLanesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_request_takes_the_lowest_free_lane()
    {
        var lanes = new ChannelLanes(3);

        Assert.Equal(0, await lanes.AcquireAnyAsync(CancellationToken.None));
        Assert.Equal(1, await lanes.AcquireAnyAsync(CancellationToken.None));
        lanes.Release(0);
        Assert.Equal(0, await lanes.AcquireAnyAsync(CancellationToken.None));
        Assert.Equal(2, await lanes.AcquireAnyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task When_all_lanes_are_busy_a_request_waits_for_the_first_released()
    {
        var lanes = new ChannelLanes(2);
        await lanes.AcquireAnyAsync(CancellationToken.None);
        await lanes.AcquireAnyAsync(CancellationToken.None);

        var waiting = lanes.AcquireAnyAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        lanes.Release(1);
        Assert.Equal(1, await waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_refund_waits_for_its_own_lane_and_is_not_given_another()
    {
        var lanes = new ChannelLanes(2);
        await lanes.AcquireAsync(1, CancellationToken.None);

        var refund = lanes.AcquireAsync(1, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(refund.IsCompleted);

        // Lane 0 is free, yet the refund must not take it.
        Assert.Equal(0, await lanes.AcquireAnyAsync(CancellationToken.None));
        Assert.False(refund.IsCompleted);

        lanes.Release(1);
        Assert.Equal(1, await refund.WaitAsync(Patience));
    }

    [Fact]
    public async Task Waiters_are_served_first_come_first_served()
    {
        var lanes = new ChannelLanes(1);
        await lanes.AcquireAnyAsync(CancellationToken.None);
        var first = lanes.AcquireAnyAsync(CancellationToken.None);
        var second = lanes.AcquireAnyAsync(CancellationToken.None);

        lanes.Release(0);
        await first.WaitAsync(Patience);
        Assert.False(second.IsCompleted);

        lanes.Release(0);
        await second.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_takes_no_lane()
    {
        var lanes = new ChannelLanes(1);
        await lanes.AcquireAnyAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var abandoned = lanes.AcquireAnyAsync(cancel.Token);
        var next = lanes.AcquireAnyAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        lanes.Release(0);
        Assert.Equal(0, await next.WaitAsync(Patience));
    }

    [Fact]
    public async Task Never_more_requests_in_flight_than_lanes()
    {
        var lanes = new ChannelLanes(3);
        var inFlight = new int[3];
        var peak = 0;
        var current = 0;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            var lane = await lanes.AcquireAnyAsync(CancellationToken.None);
            try
            {
                Assert.Equal(1, Interlocked.Increment(ref inFlight[lane]));
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref peak, now);
                await Task.Delay(2);
                Interlocked.Decrement(ref current);
                Interlocked.Decrement(ref inFlight[lane]);
            }
            finally
            {
                lanes.Release(lane);
            }
        }));

        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public void Releasing_a_lane_that_is_not_held_is_a_bug_and_says_so()
    {
        var lanes = new ChannelLanes(2);

        Assert.Throws<InvalidOperationException>(() => lanes.Release(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => lanes.Release(2));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
