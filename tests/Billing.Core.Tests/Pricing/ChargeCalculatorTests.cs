using Billing.Core.Pricing;

namespace Billing.Core.Tests.Pricing;

public sealed class ChargeCalculatorTests
{
    private static readonly PriceEntry Price = new()
    {
        Route = "/v1/chat/completions",
        EffectiveFrom = TestPrices.Epoch,
        CallFee = new SubUnits(2_000_000),
        InputTokens = TokenRate.Unit(new SubUnits(150_000)),
        CachedInputTokens = TokenRate.Unit(new SubUnits(15_000)),
        CacheWriteTokens = TokenRate.Unit(new SubUnits(187_500)),
        OutputTokens = TokenRate.Graduated(new PriceTier(1_000, new SubUnits(600_000)), new PriceTier(null, new SubUnits(300_000))),
        ReasoningTokens = TokenRate.Unit(new SubUnits(600_000)),
    };

    [Fact]
    public void Each_dimension_is_priced_exactly_and_summed()
    {
        var usage = new UsageQuantities(InputTokens: 1_000, CachedInputTokens: 2_000, CacheWriteTokens: 8, OutputTokens: 10, ReasoningTokens: 3, Calls: 1);

        var charge = ChargeCalculator.Calculate(Price, usage, new UsageQuantities(OutputTokens: 995));

        Assert.Equal(new SubUnits(2_000_000), charge.CallFees);
        Assert.Equal(new SubUnits(150_000_000), charge.InputTokens);
        Assert.Equal(new SubUnits(30_000_000), charge.CachedInputTokens);
        Assert.Equal(new SubUnits(1_500_000), charge.CacheWriteTokens);
        // 5 tokens left in the first output tier at 600,000, 5 more at 300,000.
        Assert.Equal(new SubUnits(4_500_000), charge.OutputTokens);
        Assert.Equal(new SubUnits(1_800_000), charge.ReasoningTokens);
        Assert.Equal(SubUnits.Zero, charge.MinimumTopUp);
        Assert.Equal(new SubUnits(189_800_000), charge.Total);
        Assert.Equal(charge.OutputTokens, charge.For(TokenKind.Output));
    }

    [Fact]
    public void A_request_cheaper_than_the_minimum_is_topped_up_to_it()
    {
        var price = TestPrices.Output(new SubUnits(150_000)) with { MinimumCharge = new SubUnits(1_000_000) };

        var small = ChargeCalculator.Calculate(price, new UsageQuantities(OutputTokens: 2, Calls: 1));
        var large = ChargeCalculator.Calculate(price, new UsageQuantities(OutputTokens: 100, Calls: 1));

        Assert.Equal(new SubUnits(300_000), small.UsageCharge);
        Assert.Equal(new SubUnits(700_000), small.MinimumTopUp);
        Assert.Equal(new SubUnits(1_000_000), small.Total);
        // Above the minimum nothing is added.
        Assert.Equal(SubUnits.Zero, large.MinimumTopUp);
        Assert.Equal(new SubUnits(15_000_000), large.Total);
    }

    [Fact]
    public void Absurd_quantities_at_absurd_prices_throw_instead_of_wrapping()
    {
        var price = TestPrices.Output(new SubUnits(UInt128.MaxValue / 1_000));

        Assert.Throws<BillingOverflowException>(() => ChargeCalculator.Calculate(price, new UsageQuantities(OutputTokens: ulong.MaxValue, Calls: 1)));
    }

    [Fact]
    public void Sums_of_dimensions_that_overflow_throw_instead_of_wrapping()
    {
        var half = new SubUnits(UInt128.MaxValue / 2 + 1);
        var price = new PriceEntry
        {
            Route = "/r",
            EffectiveFrom = TestPrices.Epoch,
            InputTokens = TokenRate.Unit(half),
            OutputTokens = TokenRate.Unit(half),
        };

        Assert.Throws<BillingOverflowException>(() => ChargeCalculator.Calculate(price, new UsageQuantities(InputTokens: 1, OutputTokens: 1)));
    }
}
