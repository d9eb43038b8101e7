namespace Billing.Evm.Tests.Primitives;

public class HexAndHash32Tests
{
    [Fact]
    public void Hex_round_trips_with_and_without_prefix()
    {
        byte[] bytes = [0x00, 0x01, 0xAB, 0xFF];
        Assert.Equal("0x0001abff", Hex.Encode(bytes));
        Assert.Equal("0001abff", Hex.Encode(bytes, prefix: false));
        Assert.Equal(bytes, Hex.Decode("0x0001ABff"));
        Assert.Equal(bytes, Hex.Decode("0001abff"));
        Assert.Empty(Hex.Decode("0x"));
    }

    [Fact]
    public void Null_is_not_hex()
    {
        Assert.False(Hex.TryDecode((string?)null, out var bytes));
        Assert.Empty(bytes);
        Assert.Throws<ArgumentNullException>(() => Hex.Decode(null!));
    }

    [Theory]
    [InlineData("0x1")]
    [InlineData("0xzz")]
    [InlineData("0x 1")]
    [InlineData("x01")]
    [InlineData("0x0x01")]
    public void Hex_refuses_malformed_input(string text)
    {
        Assert.False(Hex.TryDecode(text, out _));
        Assert.Throws<EvmDecodingException>(() => Hex.Decode(text));
    }

    [Fact]
    public void Hash32_parse_is_strict()
    {
        var text = "0x" + new string('a', 64);
        Assert.Equal(text, Hash32.Parse(text.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)).ToString());
        Assert.False(Hash32.TryParse(new string('a', 64), out _)); // prefix required
        Assert.False(Hash32.TryParse("0x" + new string('a', 62), out _));
        Assert.False(Hash32.TryParse("0x" + new string('a', 66), out _));
        Assert.False(Hash32.TryParse(null, out _));
        Assert.Throws<EvmDecodingException>(() => Hash32.Parse("0x12"));
    }

    [Fact]
    public void Hash32_default_is_zero_and_constructor_checks_length()
    {
        Assert.True(Hash32.Zero.IsZero);
        Assert.Equal(new Hash32(new byte[32]), Hash32.Zero);
        Assert.Throws<ArgumentException>(() => new Hash32(new byte[31]));
        Assert.False(Keccak256.Hash([]).IsZero);
    }
}
