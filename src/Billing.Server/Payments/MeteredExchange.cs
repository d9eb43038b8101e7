namespace Billing.Server.Payments;

/// <summary>
/// One metered request after its quote: the ceiling its voucher must cover, and how it runs once the channel has
/// reserved that ceiling. The exchange owns the response from then on (it may hold it back or stream it) and must end
/// with exactly one commit or void on <see cref="PaidExchange"/>.
/// </summary>
public abstract class MeteredExchange
{
    /// <summary>The worst-case charge of this request in atomic units: what is offered, signed for and reserved.</summary>
    public abstract UInt128 Ceiling { get; }

    /// <summary>The most tokens this request can consume (prompt bound + completion cap), for tokens-per-minute limits.</summary>
    public abstract ulong TokenBound { get; }

    public abstract Task RunAsync(PaidExchange paid, RequestDelegate next);
}
