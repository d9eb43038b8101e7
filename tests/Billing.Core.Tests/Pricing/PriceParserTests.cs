using System.Numerics;
using Billing.Core.Pricing;
using CsCheck;

namespace Billing.Core.Tests.Pricing;

public sealed class PriceParserTests
{
    [Theory]
    [InlineData("$0.15/1M tokens", 150_000UL)]
    [InlineData("  $0.15 / 1M tokens  ", 150_000UL)]
    [InlineData("0.15 USD per 1M tokens", 150_000UL)]
    [InlineData("0.15 usdc/1m Tokens", 150_000UL)]
    [InlineData("$3/1M tokens", 3_000_000UL)]
    [InlineData("$2.5/1K tokens", 2_500_000_000UL)]
    [InlineData("$1/1B tokens", 1_000UL)]
    [InlineData("$0.000002/token", 2_000_000UL)]
    [InlineData("$60/1000000 tokens", 60_000_000UL)]
    [InlineData("$0.000000000001/token", 1UL)]
    public void Per_token_prices_become_exact_sub_units(string text, ulong expected)
    {
        Assert.Equal(new SubUnits(expected), PriceParser.ParsePerToken(text));
    }

    [Theory]
    [InlineData("$0.001/call", 1_000_000_000UL)]
    [InlineData("$0.001 per request", 1_000_000_000UL)]
    [InlineData("$5/1K requests", 5_000_000_000UL)]
    public void Per_call_fees_become_exact_sub_units(string text, ulong expected)
    {
        Assert.Equal(new ParsedPrice(new SubUnits(expected), PricedUnit.Call), PriceParser.Parse(text));
        Assert.Equal(new SubUnits(expected), PriceParser.ParsePerCall(text));
    }

    [Theory]
    // Finer than one sub-unit ($0.000000000001) per token.
    [InlineData("$0.0000000000001/token")]
    [InlineData("$0.15/7 tokens")]
    [InlineData("$1/1B calls/s")]
    // No currency: dollars or atomic units?
    [InlineData("0.15/1M tokens")]
    // No unit.
    [InlineData("$0.15/1M")]
    [InlineData("$0.15")]
    [InlineData("$0.15/1M apples")]
    [InlineData("$0.15/0 tokens")]
    [InlineData("$-0.15/1M tokens")]
    [InlineData("$+0.15/1M tokens")]
    [InlineData("$1e-3/token")]
    [InlineData("$1.2.3/token")]
    [InlineData("$.5/token")]
    [InlineData("$5./token")]
    [InlineData("$/1M tokens")]
    [InlineData("$0,15/1M tokens")]
    [InlineData("$NaN/token")]
    [InlineData("")]
    [InlineData("   ")]
    public void Prices_that_are_not_exact_or_not_prices_are_rejected(string text)
    {
        var error = Assert.Throws<PriceFormatException>(() => PriceParser.Parse(text));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(PriceParser.TryParse(text, out _));
    }

    [Fact]
    public void Inexact_prices_say_why()
    {
        var error = Assert.Throws<PriceFormatException>(() => PriceParser.Parse("$0.0000000000001/token"));

        Assert.Contains("exactly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_per_call_is_not_a_price_per_token_nor_the_reverse()
    {
        Assert.Throws<PriceFormatException>(() => PriceParser.ParsePerToken("$0.001/call"));
        Assert.Throws<PriceFormatException>(() => PriceParser.ParsePerCall("$0.15/1M tokens"));
    }

    [Fact]
    public void Hostile_input_is_rejected_quickly()
    {
        Assert.Throws<PriceFormatException>(() => PriceParser.Parse("$" + new string('9', 100_000) + "/token"));
        Assert.Throws<PriceFormatException>(() => PriceParser.Parse(null!));
    }

    [Fact]
    public void Too_large_a_price_is_rejected_rather_than_wrapped()
    {
        Assert.Throws<PriceFormatException>(() => PriceParser.Parse("$999999999999999999999999999999/token"));
    }

    [Fact]
    public void Any_whole_sub_unit_price_written_in_dollars_parses_back_exactly()
    {
        var gen = Gen.Select(Gen.ULong[0, ulong.MaxValue / 2], Gen.OneOf<(ulong Count, string Suffix)>((1UL, ""), (1_000UL, "1K"), (1_000_000UL, "1M"), (1_000_000_000UL, "1B")));

        gen.Sample((subUnitsPerToken, per) =>
        {
            var (count, suffix) = per;
            // Dollars per `count` tokens = sub-units × count / 10^12, written out with all twelve decimals.
            var picoDollars = new BigInteger(subUnitsPerToken) * count;
            var whole = BigInteger.DivRem(picoDollars, BigInteger.Pow(10, 12), out var fraction);
            var text = $"${whole}.{fraction.ToString("D12", null)}/{suffix} tokens";

            Assert.Equal(new SubUnits(subUnitsPerToken), PriceParser.ParsePerToken(text));
        }, iter: 2_000);
    }
}
