namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// Wall-clock time plus an offset a test can only move forward, so a time rule such as the resync interval can be crossed
/// without sleeping. Orleans may read the same provider; a forward skew of seconds is harmless to it.
/// </summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, interval.Ticks);
    }
}
