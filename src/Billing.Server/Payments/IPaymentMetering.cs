namespace Billing.Server.Payments;

/// <summary>
/// Prices a route per request instead of at a fixed amount: the payment middleware asks for a quote (the worst case of
/// THIS request, read from its body) before it looks at any payment, offers that ceiling in the 402, and hands the paid
/// request to the quote's <see cref="MeteredExchange"/>, which commits what was actually used.
/// </summary>
public interface IPaymentMetering
{
    ValueTask<MeteringQuote> QuoteAsync(HttpContext context);
}
