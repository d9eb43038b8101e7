using Billing.Core.Pricing;
using CsCheck;

namespace Billing.Core.Tests.Pricing;

public sealed class TokenRateTests
{
    // First 1,000 tokens of the period at 300 sub-units, up to 5,000 at 200, beyond at 100.
    private static readonly PriceTier[] Tiers =
    [
        new(1_000, new SubUnits(300)),
        new(5_000, new SubUnits(200)),
        new(null, new SubUnits(100)),
    ];

    [Theory]
    // 800 already used, 5,000 more cover [800, 5,800): 200 × 300 + 4,000 × 200 + 800 × 100.
    [InlineData(800UL, 5_000UL, 60_000 + 800_000 + 80_000)]
    // Exactly the first tier.
    [InlineData(0UL, 1_000UL, 1_000 * 300)]
    // One token over the first tier is priced by the second.
    [InlineData(0UL, 1_001UL, (1_000 * 300) + 200)]
    // Wholly inside the last tier.
    [InlineData(10_000UL, 7UL, 7 * 100)]
    public void Graduated_prices_each_token_by_the_tier_its_position_falls_in(ulong periodToDate, ulong quantity, int expected)
    {
        var rate = TokenRate.Graduated(Tiers);

        Assert.Equal(new SubUnits((UInt128)expected), rate.Charge(quantity, periodToDate));
    }

    [Theory]
    // The period reaches 5,800, in the last tier: all 5,000 at 100.
    [InlineData(800UL, 5_000UL, 5_000 * 100)]
    // The period reaches exactly 1,000: still the first tier.
    [InlineData(0UL, 1_000UL, 1_000 * 300)]
    // The period reaches 1,001: all 1,001 at the second tier's 200.
    [InlineData(0UL, 1_001UL, 1_001 * 200)]
    // 500 used, 400 more reach 900: the first tier.
    [InlineData(500UL, 400UL, 400 * 300)]
    public void Volume_prices_all_the_requests_tokens_by_the_tier_the_period_reaches(ulong periodToDate, ulong quantity, int expected)
    {
        var rate = TokenRate.Volume(Tiers);

        Assert.Equal(new SubUnits((UInt128)expected), rate.Charge(quantity, periodToDate));
    }

    [Fact]
    public void Graduated_and_volume_differ_on_the_same_usage()
    {
        var graduated = TokenRate.Graduated(Tiers).Charge(5_000, 800);
        var volume = TokenRate.Volume(Tiers).Charge(5_000, 800);

        Assert.NotEqual(graduated, volume);
        Assert.True(volume < graduated, "volume pricing in a cheaper tier must not cost more than graduated");
    }

    [Fact]
    public void Unit_rate_ignores_the_period_and_max_price_is_the_dearest_tier()
    {
        var unit = TokenRate.Unit(new SubUnits(150_000));

        Assert.Equal(unit.Charge(10, 0), unit.Charge(10, 1_000_000_000));
        Assert.Equal(new SubUnits(1_500_000), unit.Charge(10, 0));
        Assert.Equal(new SubUnits(300), TokenRate.Graduated(Tiers).MaxPricePerToken);
        Assert.Equal(SubUnits.Zero, TokenRate.Free.Charge(1_000_000, 0));
    }

    [Fact]
    public void Invalid_tiers_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => TokenRate.Graduated());
        Assert.Throws<ArgumentException>(() => TokenRate.Graduated(new PriceTier(10, new SubUnits(1))));
        Assert.Throws<ArgumentException>(() => TokenRate.Volume(new PriceTier(null, new SubUnits(1)), new PriceTier(null, new SubUnits(2))));
        Assert.Throws<ArgumentException>(() => TokenRate.Volume(new PriceTier(10, new SubUnits(1)), new PriceTier(10, new SubUnits(2)), new PriceTier(null, new SubUnits(3))));
        Assert.Throws<ArgumentException>(() => TokenRate.Graduated(new PriceTier(0, new SubUnits(1)), new PriceTier(null, new SubUnits(2))));
    }

    [Fact]
    public void A_period_quantity_that_overflows_throws_instead_of_wrapping()
    {
        Assert.Throws<BillingOverflowException>(() => TokenRate.Graduated(Tiers).Charge(10, ulong.MaxValue - 5));
        Assert.Throws<BillingOverflowException>(() => TokenRate.Volume(Tiers).Charge(10, ulong.MaxValue - 5));
    }

    [Fact]
    public void Graduated_charges_do_not_depend_on_how_the_period_was_split_into_requests()
    {
        Gen.Select(Gen.ULong[0, 20_000], Gen.ULong[0, 20_000], Gen.ULong[0, 20_000]).Sample((periodToDate, first, second) =>
        {
            var rate = TokenRate.Graduated(Tiers);
            var split = rate.Charge(first, periodToDate) + rate.Charge(second, periodToDate + first);

            Assert.Equal(rate.Charge(first + second, periodToDate), split);
        }, iter: 2_000);
    }

    [Fact]
    public void Volume_charges_stay_between_the_cheapest_and_dearest_tier()
    {
        Gen.Select(Gen.ULong[0, 20_000], Gen.ULong[1, 20_000]).Sample((periodToDate, quantity) =>
        {
            var charge = TokenRate.Volume(Tiers).Charge(quantity, periodToDate);

            Assert.InRange(charge.Value, (UInt128)quantity * 100, (UInt128)quantity * 300);
        }, iter: 2_000);
    }
}
