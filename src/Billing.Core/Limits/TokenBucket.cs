namespace Billing.Core.Limits;

/// <summary>
/// A bucket that holds up to one minute's allowance and refills continuously, in exact integer arithmetic.
/// </summary>
/// <remarks>
/// The level is kept in units of 1 / <see cref="TimeSpan.TicksPerMinute"/> of a token, so a refill of <c>e</c> ticks adds
/// exactly <c>e × perMinute</c> units and no fraction of a token is ever lost. The level may go below zero when a
/// request used more than it announced; that debt delays the key's next request.
/// </remarks>
internal sealed class TokenBucket
{
    private const long UnitsPerToken = TimeSpan.TicksPerMinute;

    private readonly ulong _perMinute;
    private readonly Int128 _capacity;
    private Int128 _level;

    public TokenBucket(ulong perMinute)
    {
        _perMinute = perMinute;
        _capacity = (Int128)perMinute * UnitsPerToken;
        _level = _capacity;
    }

    public bool IsFull => _level >= _capacity;

    public bool CanEverHold(ulong amount) => amount <= _perMinute;

    public void Refill(long elapsedTicks)
    {
        if (elapsedTicks <= 0)
        {
            return;
        }

        var missing = _capacity - _level;
        var refill = (Int128)elapsedTicks * _perMinute;
        _level = refill >= missing ? _capacity : _level + refill;
    }

    /// <summary>Ticks until <paramref name="amount"/> is available; zero when it is now.</summary>
    public long TicksUntil(ulong amount)
    {
        var deficit = Units(amount) - _level;
        if (deficit <= 0)
        {
            return 0;
        }

        var ticks = (deficit + _perMinute - 1) / _perMinute;
        return ticks >= long.MaxValue ? long.MaxValue : (long)ticks;
    }

    public void Take(ulong amount) => _level -= Units(amount);

    /// <summary>Gives back (positive) or takes more (negative) tokens after the fact, never above capacity.</summary>
    public void Adjust(Int128 tokens)
    {
        var level = _level + (tokens * UnitsPerToken);
        _level = level > _capacity ? _capacity : level;
    }

    private static Int128 Units(ulong tokens) => (Int128)tokens * UnitsPerToken;
}
