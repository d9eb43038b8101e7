using System.Numerics;
using Billing.Core.Metering;
using Billing.Core.Pricing;
using Billing.Core.Tests.Pricing;
using CsCheck;

namespace Billing.Core.Tests.Metering;

public sealed class ChargeRoundingTests
{
    private const ulong MillionTokens = 1_000_000;

    [Fact]
    public void Commit_rounds_down_and_carries_the_remainder()
    {
        var first = ChargeRounding.Commit(SubUnits.Zero, new SubUnits(1_500_000));
        var second = ChargeRounding.Commit(first.NewRemainder, new SubUnits(600_000));

        Assert.Equal(new CommittedCharge(1, new SubUnits(500_000)), first);
        Assert.Equal(new CommittedCharge(1, new SubUnits(100_000)), second);
        // A fraction is never charged before it is complete.
        Assert.Equal(new CommittedCharge(0, new SubUnits(999_999)), ChargeRounding.Commit(SubUnits.Zero, new SubUnits(999_999)));
        Assert.Equal(new CommittedCharge(1, SubUnits.Zero), ChargeRounding.Commit(new SubUnits(999_999), new SubUnits(1)));
    }

    [Fact]
    public void A_carried_remainder_of_a_whole_unit_or_more_is_a_bug_and_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChargeRounding.Commit(new SubUnits(SubUnits.PerAtomicUnit), SubUnits.Zero));
    }

    [Fact]
    public void Commit_of_an_amount_that_overflows_throws_instead_of_wrapping()
    {
        Assert.Throws<BillingOverflowException>(() => ChargeRounding.Commit(new SubUnits(1), new SubUnits(UInt128.MaxValue)));
    }

    [Fact]
    public void Round_up_covers_every_fraction()
    {
        Assert.Equal((UInt128)0, ChargeRounding.RoundUpToAtomic(SubUnits.Zero));
        Assert.Equal((UInt128)1, ChargeRounding.RoundUpToAtomic(new SubUnits(1)));
        Assert.Equal((UInt128)1, ChargeRounding.RoundUpToAtomic(new SubUnits(1_000_000)));
        Assert.Equal((UInt128)2, ChargeRounding.RoundUpToAtomic(new SubUnits(1_000_001)));
        Assert.Equal(UInt128.MaxValue / SubUnits.PerAtomicUnit + 1, ChargeRounding.RoundUpToAtomic(new SubUnits(UInt128.MaxValue)));
    }

    [Fact]
    public void A_million_tokens_at_fifteen_hundredths_bill_exactly_150000_units_however_they_are_split()
    {
        var price = TestPrices.Output(TestPrices.FifteenCentsPerMillion);
        var splits = Gen.ULong[1, MillionTokens - 1].Array[0, 120].Select(cuts => RequestSizes(cuts, MillionTokens));

        splits.Sample(sizes =>
        {
            var carried = SubUnits.Zero;
            var charged = UInt128.Zero;
            foreach (var size in sizes)
            {
                var exact = ChargeCalculator.Calculate(price, new UsageQuantities(OutputTokens: size, Calls: 1)).Total;
                var commit = ChargeRounding.Commit(carried, exact);
                // Never more than the request's own exact charge rounded up, never a wrapped value.
                Assert.True(commit.AtomicCharged <= ChargeRounding.RoundUpToAtomic(exact));
                charged += commit.AtomicCharged;
                carried = commit.NewRemainder;
            }

            Assert.Equal(MillionTokens, sizes.Aggregate(0UL, (sum, size) => sum + size));
            Assert.Equal((UInt128)150_000, charged);
            Assert.Equal(SubUnits.Zero, carried);
        }, iter: 10_000);
    }

    [Fact]
    public void Committed_units_are_the_floor_of_the_summed_exact_charges_for_any_price_and_split()
    {
        var requests = Gen.Select(Gen.ULong[0, 100_000], Gen.ULong[0, 100_000]).Array[1, 100];
        var gen = Gen.Select(Gen.ULong[1, 20_000_000], Gen.ULong[0, 3_000_000], Gen.ULong[0, 9_999_999], requests);

        gen.Sample((perToken, callFee, perInputToken, usages) =>
        {
            var price = TestPrices.Output(new SubUnits(perToken)) with
            {
                CallFee = new SubUnits(callFee),
                InputTokens = TokenRate.Unit(new SubUnits(perInputToken)),
            };
            var carried = SubUnits.Zero;
            var charged = UInt128.Zero;
            var exactSum = BigInteger.Zero;
            foreach (var (input, output) in usages)
            {
                var exact = ChargeCalculator.Calculate(price, new UsageQuantities(InputTokens: input, OutputTokens: output, Calls: 1)).Total;
                // Independent oracle for the exact charge, in big integers.
                exactSum += (new BigInteger(input) * perInputToken) + (new BigInteger(output) * perToken) + callFee;
                var commit = ChargeRounding.Commit(carried, exact);
                charged += commit.AtomicCharged;
                carried = commit.NewRemainder;
            }

            Assert.Equal(exactSum / SubUnits.PerAtomicUnit, (BigInteger)charged);
            Assert.Equal(exactSum % SubUnits.PerAtomicUnit, (BigInteger)carried.Value);
            Assert.True(carried.Value < SubUnits.PerAtomicUnit);
        }, iter: 10_000);
    }

    /// <summary>The sizes of the requests a run of <paramref name="total"/> tokens is cut into at <paramref name="cuts"/>.</summary>
    private static ulong[] RequestSizes(ulong[] cuts, ulong total)
    {
        var points = new ulong[cuts.Length + 1];
        cuts.CopyTo(points, 0);
        points[^1] = total;
        Array.Sort(points);
        var sizes = new List<ulong>(points.Length);
        var previous = 0UL;
        foreach (var point in points)
        {
            // Equal cut points would make an empty request; a request always has at least one token here.
            if (point > previous)
            {
                sizes.Add(point - previous);
                previous = point;
            }
        }

        return [.. sizes];
    }
}
