using Billing.Core.Metering;
using Billing.Core.Pricing;
using CsCheck;

namespace Billing.Core.Tests.Pricing;

public sealed class PriceCeilingTests
{
    private static readonly Gen<SubUnits> Price = Gen.ULong[0, 5_000_000].Select(value => new SubUnits(value));

    private static readonly Gen<TokenRate> Rate = Gen.OneOf(
        Price.Select(TokenRate.Unit),
        Tiers().Select(tiers => TokenRate.Graduated(tiers)),
        Tiers().Select(tiers => TokenRate.Volume(tiers)));

    private static readonly Gen<PriceEntry> Entry =
        Gen.Select(Price, Price, Rate, Rate, Rate, Rate, Rate)
            .Select((callFee, minimum, input, cached, write, output, reasoning) => new PriceEntry
            {
                Route = "/r",
                EffectiveFrom = TestPrices.Epoch,
                CallFee = callFee,
                MinimumCharge = minimum,
                InputTokens = input,
                CachedInputTokens = cached,
                CacheWriteTokens = write,
                OutputTokens = output,
                ReasoningTokens = reasoning,
            });

    private static readonly Gen<UsageQuantities> Usage =
        Gen.Select(Gen.ULong[0, 200_000], Gen.ULong[0, 200_000], Gen.ULong[0, 200_000], Gen.ULong[0, 200_000], Gen.ULong[0, 200_000], Gen.ULong[1, 3])
            .Select((input, cached, write, output, reasoning, calls) => new UsageQuantities(input, cached, write, output, reasoning, calls));

    [Fact]
    public void Ceiling_rounds_the_worst_case_up_to_whole_atomic_units()
    {
        // 1,001 output tokens at 0.15 units = 150.15 units: the voucher must cover 151.
        var price = TestPrices.Output(TestPrices.FifteenCentsPerMillion);
        var bounds = new UsageQuantities(OutputTokens: 1_001, Calls: 1);

        Assert.Equal(new SubUnits(150_150_000), PriceCeiling.WorstCase(price, bounds));
        Assert.Equal((UInt128)151, PriceCeiling.Compute(price, bounds));
        Assert.Equal((UInt128)150, PriceCeiling.Compute(price, bounds with { OutputTokens = 1_000 }));
    }

    [Fact]
    public void Ceiling_prices_tiered_tokens_at_the_dearest_tier_and_includes_the_minimum()
    {
        var price = TestPrices.Output(SubUnits.Zero) with
        {
            OutputTokens = TokenRate.Volume(new PriceTier(1_000, new SubUnits(2_000_000)), new PriceTier(null, new SubUnits(1_000_000))),
            CallFee = new SubUnits(500_000),
            MinimumCharge = new SubUnits(50_000_000),
        };

        // 10 tokens at the dearest 2 units + 0.5 call fee = 20.5 units, below the 50-unit minimum: the minimum is the ceiling.
        Assert.Equal((UInt128)50, PriceCeiling.Compute(price, new UsageQuantities(OutputTokens: 10, Calls: 1)));
        // 1,000 tokens at 2 units + 0.5 = 2,000.5 units, rounded up.
        Assert.Equal((UInt128)2_001, PriceCeiling.Compute(price, new UsageQuantities(OutputTokens: 1_000, Calls: 1)));
    }

    [Fact]
    public void Ceiling_covers_every_charge_of_usage_within_the_bounds_whatever_the_period_and_carry()
    {
        var gen = Gen.Select(Entry, Usage, Usage, Usage, Gen.ULong[0, SubUnits.PerAtomicUnit - 1])
            .Select((entry, bounds, fraction, periodToDate, carry) => (entry, bounds, Shrink(fraction, bounds), periodToDate, carry));

        gen.Sample(sample =>
        {
            var (entry, bounds, usage, periodToDate, carry) = sample;
            var exact = ChargeCalculator.Calculate(entry, usage, periodToDate).Total;
            var ceiling = PriceCeiling.Compute(entry, bounds);
            var committed = ChargeRounding.Commit(new SubUnits(carry), exact);

            Assert.True(exact <= PriceCeiling.WorstCase(entry, bounds), $"exact {exact} above worst case");
            Assert.True(committed.AtomicCharged <= ceiling, $"committed {committed.AtomicCharged} above ceiling {ceiling}");
        }, iter: 5_000);
    }

    [Fact]
    public void Absurd_bounds_throw_instead_of_wrapping()
    {
        var price = TestPrices.Output(new SubUnits(UInt128.MaxValue / 1_000));

        Assert.Throws<BillingOverflowException>(() => PriceCeiling.Compute(price, new UsageQuantities(OutputTokens: ulong.MaxValue)));
    }

    /// <summary>A usage within <paramref name="bounds"/>: each quantity reduced modulo its bound plus one.</summary>
    private static UsageQuantities Shrink(UsageQuantities raw, UsageQuantities bounds) => new(
        raw.InputTokens % (bounds.InputTokens + 1),
        raw.CachedInputTokens % (bounds.CachedInputTokens + 1),
        raw.CacheWriteTokens % (bounds.CacheWriteTokens + 1),
        raw.OutputTokens % (bounds.OutputTokens + 1),
        raw.ReasoningTokens % (bounds.ReasoningTokens + 1),
        raw.Calls % (bounds.Calls + 1));

    private static Gen<PriceTier[]> Tiers() =>
        Gen.Select(Gen.ULong[1, 50_000].Array[0, 3], Price.Array[4])
            .Select((bounds, prices) =>
            {
                var sorted = bounds.Distinct().Order().ToArray();
                var tiers = sorted.Select((upTo, i) => new PriceTier(upTo, prices[i])).ToList();
                tiers.Add(new PriceTier(null, prices[sorted.Length]));
                return tiers.ToArray();
            });
}
