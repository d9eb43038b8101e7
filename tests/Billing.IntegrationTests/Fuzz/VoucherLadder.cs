namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Pre-signed vouchers of the funded channel for charged + 1·price, + 2·price, …, and which of them the channel expects
/// next. Most picks are the expected one, so valid payments keep succeeding while the fuzz runs; the rest are one step
/// stale or ahead, which the channel must refuse without charging.
/// </summary>
internal sealed class VoucherLadder
{
    /// <summary>Out of ten picks: seven the expected voucher, one stale, one a step ahead, one far ahead.</summary>
    public const int Choices = 10;

    private readonly BasePayment[] _steps;
    private readonly UInt128 _start;
    private readonly UInt128 _price;
    private int _next;

    public VoucherLadder(UInt128 charged, UInt128 price, int length, Func<UInt128, string> header)
    {
        _start = charged;
        _price = price;
        _steps = new BasePayment[length];
        for (var i = 0; i < length; i++)
        {
            _steps[i] = BasePayment.FromHeader($"voucher-step-{i + 1}", PayloadKind.Voucher, Expectation.Payable, header(charged + ((UInt128)(i + 1) * price)));
        }
    }

    public int Length => _steps.Length;

    /// <summary>The highest cumulative amount any step signs.</summary>
    public UInt128 Top => _start + ((UInt128)_steps.Length * _price);

    public BasePayment Pick(int choice)
    {
        var next = Volatile.Read(ref _next);
        var step = choice switch
        {
            7 => next - 1,
            8 => next + 1,
            9 => next + 5,
            _ => next,
        };
        return _steps[Math.Clamp(step, 0, _steps.Length - 1)];
    }

    /// <summary>A charge was acknowledged at this cumulative total: the voucher after it is the one expected next.</summary>
    public void Observe(UInt128 chargedCumulative)
    {
        if (chargedCumulative < _start)
        {
            return;
        }

        var steps = (chargedCumulative - _start) / _price;
        var next = steps >= (UInt128)_steps.Length ? _steps.Length : (int)steps;
        int seen;
        do
        {
            seen = Volatile.Read(ref _next);
        }
        while (next > seen && Interlocked.CompareExchange(ref _next, next, seen) != seen);
    }
}
