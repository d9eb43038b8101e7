using Billing.Core.Pricing;

namespace Billing.Core.Tests.Pricing;

/// <summary>Price entries the tests share.</summary>
internal static class TestPrices
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>$0.15 per million tokens: 0.15 atomic units = 150,000 sub-units per token.</summary>
    public static readonly SubUnits FifteenCentsPerMillion = new(150_000);

    public static PriceEntry Output(SubUnits perToken, string route = "/v1/chat/completions", string? model = null) => new()
    {
        Route = route,
        Model = model,
        EffectiveFrom = Epoch,
        OutputTokens = TokenRate.Unit(perToken),
    };
}
