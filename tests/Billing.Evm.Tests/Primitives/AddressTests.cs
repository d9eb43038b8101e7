namespace Billing.Evm.Tests.Primitives;

public class AddressTests
{
    // The EIP-55 specification's own examples.
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void ToString_is_the_EIP55_checksum(string checksummed)
    {
        var parsed = Address.Parse(checksummed.ToLowerInvariant());
        Assert.Equal(checksummed, parsed.ToString());
        Assert.Equal(checksummed.ToLowerInvariant(), parsed.ToLowerHex());
    }

    [Fact]
    public void All_upper_case_is_accepted_without_checksum()
    {
        Assert.True(Address.TryParse("0x" + "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".ToUpperInvariant(), out var address));
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", address.ToString());
    }

    [Theory]
    [InlineData("0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // one letter's case flipped: checksum fails
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // no prefix
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA")] // too short
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00")] // too long
    [InlineData("0xgaAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // not hex
    [InlineData("")]
    [InlineData(null)]
    public void Bad_addresses_are_refused(string? text)
    {
        Assert.False(Address.TryParse(text, out var address));
        Assert.True(address.IsZero);
        if (text is not null)
        {
            Assert.Throws<EvmDecodingException>(() => Address.Parse(text));
        }
    }

    [Fact]
    public void Default_is_zero_and_equal_to_Zero()
    {
        Assert.True(default(Address).IsZero);
        Assert.Equal(Address.Zero, default);
        Assert.Equal("0x0000000000000000000000000000000000000000", default(Address).ToString());
        Assert.Equal(Address.Parse("0x0000000000000000000000000000000000000000").GetHashCode(), Address.Zero.GetHashCode());
    }

    [Fact]
    public void Equality_is_by_value_and_case_insensitive_on_input()
    {
        var a = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        var b = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Address.Zero);
    }

    [Fact]
    public void Returned_bytes_are_a_copy()
    {
        var address = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        var bytes = address.ToArray();
        bytes[0] ^= 0xFF;
        Assert.Equal(0x5a, address.AsSpan()[0]);
    }

    [Fact]
    public void Json_round_trip_uses_checksum()
    {
        var address = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        var json = System.Text.Json.JsonSerializer.Serialize(address);
        Assert.Equal("\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"", json);
        Assert.Equal(address, System.Text.Json.JsonSerializer.Deserialize<Address>(json));
    }
}
