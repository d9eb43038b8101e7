using Billing.Core.Pricing;

namespace Billing.Server.Gateway;

/// <summary>Builds the gateway's <see cref="PriceBook"/> from configuration, keyed by route name.</summary>
public static class GatewayPriceBook
{
    /// <exception cref="PriceFormatException">A configured price is not an exact price of the right unit.</exception>
    public static PriceBook From(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = new List<PriceEntry>();
        foreach (var (routeName, route) in options.Routes)
        {
            foreach (var price in route.Prices)
            {
                entries.Add(new PriceEntry
                {
                    Route = routeName,
                    Model = price.Model,
                    EffectiveFrom = DateTimeOffset.MinValue,
                    CallFee = price.Call is null ? SubUnits.Zero : PriceParser.ParsePerCall(price.Call),
                    InputTokens = PerToken(price.Input),
                    CachedInputTokens = PerToken(price.CachedInput),
                    OutputTokens = PerToken(price.Output),
                    ReasoningTokens = PerToken(price.Reasoning),
                });
            }
        }

        return new PriceBook(entries);
    }

    private static TokenRate PerToken(string? text) => text is null ? TokenRate.Free : TokenRate.Unit(PriceParser.ParsePerToken(text));
}
