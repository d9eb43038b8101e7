using System.Numerics;
using Billing.X402.Formats;
using CsCheck;

namespace Billing.X402.Tests.Formats;

public sealed class DecimalStringTests
{
    private const string MaxUInt128 = "340282366920938463463374607431768211455";
    private const string MaxUInt256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1", 1UL)]
    [InlineData("1000", 1000UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Canonical_amounts_parse(string text, ulong expected)
    {
        Assert.True(DecimalString.TryParseUInt128(text, out var value));
        Assert.Equal((UInt128)expected, value);
    }

    [Fact]
    public void Uint128_max_parses_and_one_more_does_not()
    {
        Assert.True(DecimalString.TryParseUInt128(MaxUInt128, out var max));
        Assert.Equal(UInt128.MaxValue, max);
        Assert.False(DecimalString.TryParseUInt128("340282366920938463463374607431768211456", out _));
        Assert.False(DecimalString.TryParseUInt128("1" + MaxUInt128, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData("00")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1_000")]
    [InlineData("1,000")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("١٢٣")] // Arabic-Indic digits
    [InlineData("１２３")] // full-width digits
    public void Non_canonical_amounts_are_refused(string? text)
    {
        Assert.False(DecimalString.TryParseUInt128(text, out var value));
        Assert.Equal(UInt128.Zero, value);
        Assert.False(DecimalString.IsCanonicalUInt256(text));
    }

    [Fact]
    public void Uint256_bounds_are_exact()
    {
        Assert.True(DecimalString.TryParseUInt256(MaxUInt256, out var max));
        Assert.Equal((BigInteger.One << 256) - 1, max);
        Assert.False(DecimalString.IsCanonicalUInt256("115792089237316195423570985008687907853269984665640564039457584007913129639936"));
        Assert.False(DecimalString.IsCanonicalUInt256("1" + MaxUInt256));
        Assert.True(DecimalString.IsCanonicalUInt256("99999999999999999999999999999999999999999999999999999999999999999999999999999"));
        Assert.False(DecimalString.IsCanonicalUInt128(MaxUInt256));
    }

    [Fact]
    public void Format_and_parse_are_inverse_for_any_uint128()
    {
        Gen.UInt128.Sample(value =>
        {
            var text = DecimalString.Format(value);
            Assert.True(DecimalString.TryParseUInt128(text, out var parsed));
            Assert.Equal(value, parsed);
            Assert.False(DecimalString.IsCanonicalUInt128("0" + text));
        }, iter: 10_000);
    }

    [Fact]
    public void Format_refuses_negative_big_integers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalString.Format(BigInteger.MinusOne));
    }
}
