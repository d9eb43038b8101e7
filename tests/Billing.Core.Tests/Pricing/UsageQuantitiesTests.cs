using Billing.Core.Pricing;

namespace Billing.Core.Tests.Pricing;

public sealed class UsageQuantitiesTests
{
    [Fact]
    public void Inclusive_reports_are_split_so_no_token_is_counted_twice()
    {
        // OpenAI-style: 1,000 prompt tokens of which 600 cached and 100 written to cache; 500 completion of which 200 reasoning.
        var usage = UsageQuantities.FromInclusiveCounts(1_000, 600, 100, 500, 200);

        Assert.Equal(new UsageQuantities(300, 600, 100, 300, 200, Calls: 1), usage);
        Assert.Equal(1_500UL, usage.TotalTokens);
    }

    [Fact]
    public void A_part_larger_than_its_total_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => UsageQuantities.FromInclusiveCounts(100, 90, 20, 0, 0));
        Assert.Throws<ArgumentException>(() => UsageQuantities.FromInclusiveCounts(0, 0, 0, 10, 11));
    }

    [Fact]
    public void Adding_tokens_touches_only_their_kind()
    {
        var usage = UsageQuantities.OneCall.AddTokens(TokenKind.Reasoning, 7).AddTokens(TokenKind.CacheWrite, 3);

        Assert.Equal(7UL, usage[TokenKind.Reasoning]);
        Assert.Equal(3UL, usage[TokenKind.CacheWrite]);
        Assert.Equal(0UL, usage[TokenKind.Output]);
        Assert.Equal(1UL, usage.Calls);
    }

    [Fact]
    public void Quantities_that_overflow_throw_instead_of_wrapping()
    {
        var full = new UsageQuantities(OutputTokens: ulong.MaxValue);

        Assert.Throws<BillingOverflowException>(() => full.AddTokens(TokenKind.Output, 1));
        Assert.Throws<BillingOverflowException>(() => full + new UsageQuantities(OutputTokens: 1));
        Assert.Throws<BillingOverflowException>(() => (full with { InputTokens = 1 }).TotalTokens);
        Assert.Throws<ArgumentOutOfRangeException>(() => full[(TokenKind)42]);
    }

    [Fact]
    public void Fits_within_compares_every_quantity()
    {
        var bounds = new UsageQuantities(InputTokens: 10, OutputTokens: 10, Calls: 1);

        Assert.True(new UsageQuantities(InputTokens: 10, OutputTokens: 3, Calls: 1).FitsWithin(bounds));
        Assert.False(new UsageQuantities(InputTokens: 10, OutputTokens: 11, Calls: 1).FitsWithin(bounds));
        Assert.False(new UsageQuantities(ReasoningTokens: 1).FitsWithin(bounds));
    }
}
