using Billing.X402.Formats;

namespace Billing.X402.Tests.Formats;

public sealed class HexStringTests
{
    [Theory]
    [InlineData(Samples.Payer, true)]
    [InlineData("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", true)]
    [InlineData(HexString.ZeroAddress, true)]
    [InlineData("0Xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", false)]
    [InlineData("f39fd6e51aad88f6f4ce6ab8827279cfffb92266", false)]
    [InlineData("0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226", false)]
    [InlineData("0xf39fd6e51aad88f6f4ce6ab8827279cfffb922666", false)]
    [InlineData("0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266", false)]
    [InlineData(" 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Address_shape(string? text, bool expected) => Assert.Equal(expected, HexString.IsAddress(text));

    [Fact]
    public void Bytes32_needs_exactly_64_hex_digits()
    {
        Assert.True(HexString.IsBytes32(Samples.ChannelId));
        Assert.False(HexString.IsBytes32(Samples.ChannelId[..^1]));
        Assert.False(HexString.IsBytes32(Samples.ChannelId + "0"));
        Assert.False(HexString.IsBytes32(Samples.ChannelId.Replace("0x", "0X", StringComparison.Ordinal)));
        Assert.False(HexString.IsBytes32(Samples.Payer));
    }

    [Fact]
    public void Ecdsa_signatures_are_65_or_64_bytes()
    {
        var full = "0x" + new string('a', 130);
        var compact = "0x" + new string('b', 128);

        Assert.True(HexString.IsEcdsaSignature(full));
        Assert.True(HexString.IsEcdsaSignature(compact));
        Assert.False(HexString.IsEcdsaSignature("0x" + new string('a', 129)));
        Assert.False(HexString.IsEcdsaSignature("0x" + new string('a', 132)));
        Assert.False(HexString.IsEcdsaSignature(full[2..]));
    }

    [Fact]
    public void Contract_wallet_signatures_are_whole_bytes_within_bounds()
    {
        Assert.True(HexString.IsSignatureBytes("0x" + new string('c', 130)));
        Assert.True(HexString.IsSignatureBytes("0x" + new string('c', 2 * 700)));
        Assert.True(HexString.IsSignatureBytes("0x" + new string('c', 2 * HexString.MaxSignatureBytes)));
        Assert.False(HexString.IsSignatureBytes("0x" + new string('c', (2 * HexString.MaxSignatureBytes) + 2)));
        Assert.False(HexString.IsSignatureBytes("0x" + new string('c', 131)));
        Assert.False(HexString.IsSignatureBytes("0x" + new string('c', 126)));
        Assert.False(HexString.IsSignatureBytes("0x"));
        Assert.False(HexString.IsSignatureBytes("0x" + new string('z', 130)));
    }

    [Fact]
    public void Zero_address_is_recognised_in_any_case_of_prefix_digits()
    {
        Assert.True(HexString.IsZeroAddress(HexString.ZeroAddress));
        Assert.False(HexString.IsZeroAddress(Samples.Payer));
        Assert.False(HexString.IsZeroAddress("0x0"));
    }

    [Fact]
    public void Mixed_case_means_a_checksum_is_claimed()
    {
        Assert.True(HexString.IsMixedCase(Samples.Payer));
        Assert.False(HexString.IsMixedCase(Samples.Payer.ToLowerInvariant()));
        Assert.False(HexString.IsMixedCase("0x" + Samples.Payer[2..].ToUpperInvariant()));
        Assert.False(HexString.IsMixedCase(null));
    }

    [Fact]
    public void Hex_equality_ignores_case_but_not_digits()
    {
        Assert.True(HexString.EqualsIgnoreCase(Samples.Payer, Samples.Payer.ToLowerInvariant()));
        Assert.False(HexString.EqualsIgnoreCase(Samples.Payer, Samples.Receiver));
    }
}
