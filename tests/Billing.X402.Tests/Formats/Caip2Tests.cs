using Billing.X402.Formats;

namespace Billing.X402.Tests.Formats;

public sealed class Caip2Tests
{
    [Theory]
    [InlineData("eip155:1", 1UL)]
    [InlineData("eip155:8453", 8453UL)]
    [InlineData("eip155:84532", 84532UL)]
    [InlineData("eip155:31337", 31337UL)]
    [InlineData("eip155:18446744073709551615", ulong.MaxValue)]
    public void Eip155_chain_ids_parse(string network, ulong expected)
    {
        Assert.True(Caip2.TryParseEip155(network, out var chainId));
        Assert.Equal(expected, chainId);
        Assert.Equal(network, Caip2.FormatEip155(chainId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("eip155:")]
    [InlineData("eip155:0")]
    [InlineData("eip155:08453")]
    [InlineData("eip155:+8453")]
    [InlineData("eip155:-1")]
    [InlineData("eip155: 8453")]
    [InlineData("eip155:8453 ")]
    [InlineData("eip155:*")]
    [InlineData("eip155:0x2105")]
    [InlineData("EIP155:8453")]
    [InlineData("eip155::8453")]
    [InlineData("eip155:18446744073709551616")]
    [InlineData("base")]
    [InlineData("base-sepolia")]
    [InlineData("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp")]
    public void Anything_else_is_refused(string? network)
    {
        Assert.False(Caip2.TryParseEip155(network, out var chainId));
        Assert.Equal(0UL, chainId);
    }

    [Theory]
    [InlineData("eip155:8453", true)]
    [InlineData("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", true)]
    [InlineData("cloudflare:402", false)] // x402 calls it CAIP-2 style: the namespace is longer than CAIP-2 allows
    [InlineData("ach:us", true)]
    [InlineData("sepa:eu", true)]
    [InlineData("ab:1", false)]
    [InlineData("toolongns:1", false)]
    [InlineData("EIP155:1", false)]
    [InlineData("eip155:", false)]
    [InlineData("eip155:a.b", false)]
    [InlineData("eip155:123456789012345678901234567890123", false)]
    [InlineData("base", false)]
    public void Generic_caip2_grammar(string network, bool expected) => Assert.Equal(expected, Caip2.IsValid(network));

    [Fact]
    public void Chain_id_zero_cannot_be_formatted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Caip2.FormatEip155(0));
    }
}
