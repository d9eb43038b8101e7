using Billing.Core.Pricing;

namespace Billing.Core.Budgets;

/// <summary>What was spent within the current fixed UTC window (hour or day).</summary>
/// <remarks>
/// A clock that goes backwards keeps counting into the current window instead of reopening an old one, so moving the
/// clock can never restore spending room.
/// </remarks>
internal sealed class FixedWindowTally(UsagePeriod window)
{
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private UInt128 _spent;

    public UInt128 SpentAt(DateTimeOffset now) => window.StartOf(now) > _windowStart ? UInt128.Zero : _spent;

    public void Add(DateTimeOffset now, UInt128 amount)
    {
        var start = window.StartOf(now);
        var spent = start > _windowStart ? amount : SpendSum.Add(_spent, amount);
        if (start > _windowStart)
        {
            _windowStart = start;
        }

        _spent = spent;
    }
}
