using Billing.Core.Metering;
using Billing.Core.Pricing;
using Billing.Core.Tests.Pricing;
using CsCheck;

namespace Billing.Core.Tests.Metering;

public sealed class StreamMeterTests
{
    // Input at 0.15 units per token, output at 0.6, reasoning at 0.6, no call fee.
    private static readonly PriceEntry Price = TestPrices.Output(new SubUnits(600_000)) with
    {
        InputTokens = TokenRate.Unit(TestPrices.FifteenCentsPerMillion),
        ReasoningTokens = TokenRate.Unit(new SubUnits(600_000)),
    };

    [Fact]
    public void The_chunk_that_would_exceed_the_ceiling_is_refused_and_nothing_after_it_is_counted()
    {
        // Reserved for 1,000 input tokens and 100 output tokens: 150 + 60 = 210 units.
        var ceiling = PriceCeiling.Compute(Price, new UsageQuantities(InputTokens: 1_000, OutputTokens: 100, Calls: 1));
        var meter = new StreamMeter(Price, ceiling);
        meter.Add(TokenKind.Input, 1_000);

        for (var chunk = 0; chunk < 10; chunk++)
        {
            Assert.False(meter.WouldOutputExceed(10));
            Assert.True(meter.TryAdd(TokenKind.Output, 10));
        }

        Assert.False(meter.WasCutOff);
        Assert.True(meter.WouldOutputExceed(1));
        Assert.False(meter.TryAdd(TokenKind.Output, 1));
        Assert.True(meter.WasCutOff);
        Assert.False(meter.IsOverCeiling);
        Assert.Equal(new UsageQuantities(InputTokens: 1_000, OutputTokens: 100, Calls: 1), meter.Usage);
        Assert.Equal((UInt128)210, ceiling);
    }

    [Fact]
    public void The_slack_from_rounding_the_ceiling_up_may_be_used()
    {
        // 1,001 output tokens at 0.6 = 600.6 units, reserved as 601: room for floor(601 / 0.6) = 1,001 tokens, not 1,002.
        var ceiling = PriceCeiling.Compute(Price, new UsageQuantities(OutputTokens: 1_001, Calls: 1));
        var meter = new StreamMeter(Price, ceiling);

        Assert.Equal(1_001UL, meter.RemainingTokens(TokenKind.Output));
        Assert.True(meter.TryAdd(TokenKind.Output, 1_001));
        Assert.Equal(0UL, meter.RemainingTokens(TokenKind.Output));
        Assert.False(meter.TryAdd(TokenKind.Output, 1));
        // Free kinds never run out.
        Assert.Equal(ulong.MaxValue, meter.RemainingTokens(TokenKind.CachedInput));
    }

    [Fact]
    public void Tokens_that_already_passed_are_counted_even_past_the_ceiling()
    {
        var meter = new StreamMeter(Price, ceilingAtomic: 6);
        meter.Add(TokenKind.Output, 11);

        Assert.True(meter.IsOverCeiling);
        Assert.Equal(11UL, meter.Usage.OutputTokens);
        Assert.Equal(0UL, meter.RemainingTokens(TokenKind.Output));
        Assert.True(meter.WouldExceed(TokenKind.Output, 0));
    }

    [Fact]
    public void A_minimum_charge_above_the_ceiling_admits_nothing()
    {
        var meter = new StreamMeter(Price with { MinimumCharge = SubUnits.FromAtomic(100) }, ceilingAtomic: 99);

        Assert.True(meter.WouldOutputExceed(0));
        Assert.Equal(0UL, meter.RemainingTokens(TokenKind.Output));
    }

    [Fact]
    public void An_absurd_chunk_is_refused_not_wrapped_into_a_small_number()
    {
        var meter = new StreamMeter(Price with { OutputTokens = TokenRate.Unit(new SubUnits(UInt128.MaxValue / 2)) }, ceilingAtomic: 1_000);

        Assert.True(meter.WouldOutputExceed(ulong.MaxValue));
        Assert.False(meter.TryAdd(TokenKind.Output, ulong.MaxValue));
        Assert.Equal(0UL, meter.Usage.OutputTokens);
        Assert.Throws<BillingOverflowException>(() => meter.Add(TokenKind.Output, ulong.MaxValue));
        // A failed add leaves the meter as it was.
        Assert.Equal(0UL, meter.Usage.OutputTokens);
    }

    [Fact]
    public void Whatever_was_admitted_commits_within_the_reservation()
    {
        var tiered = Price with
        {
            OutputTokens = TokenRate.Graduated(new PriceTier(500, new SubUnits(900_000)), new PriceTier(null, new SubUnits(300_000))),
            CallFee = new SubUnits(250_000),
        };
        var gen = Gen.Select(Gen.ULong[0, 5_000], Gen.ULong[0, 2_000], Gen.ULong[1, 64].Array[1, 200], Gen.ULong[0, 1_000], Gen.ULong[0, 999_999]);

        gen.Sample((input, maxOutput, chunks, periodOutput, carry) =>
        {
            var ceiling = PriceCeiling.Compute(tiered, new UsageQuantities(InputTokens: input, OutputTokens: maxOutput, Calls: 1));
            var meter = new StreamMeter(tiered, ceiling);
            meter.Add(TokenKind.Input, input);
            foreach (var chunk in chunks)
            {
                if (!meter.TryAdd(TokenKind.Output, chunk))
                {
                    break;
                }
            }

            var exact = ChargeCalculator.Calculate(tiered, meter.Usage, new UsageQuantities(OutputTokens: periodOutput)).Total;
            var committed = ChargeRounding.Commit(new SubUnits(carry), exact);

            Assert.True(committed.AtomicCharged <= ceiling);
            Assert.False(meter.IsOverCeiling);
        }, iter: 3_000);
    }

    [Fact]
    public void Counting_tokens_allocates_nothing()
    {
        var meter = new StreamMeter(Price, ceilingAtomic: 1_000_000_000);
        meter.TryAdd(TokenKind.Output, 1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            if (!meter.WouldOutputExceed(1))
            {
                meter.TryAdd(TokenKind.Output, 1);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(100_001UL, meter.Usage.OutputTokens);
    }
}
