using Billing.X402.Formats;

namespace Billing.X402.Tests.Formats;

public sealed class V1NetworksTests
{
    [Theory]
    [InlineData("base-sepolia", "eip155:84532")]
    [InlineData("base", "eip155:8453")]
    [InlineData("polygon-amoy", "eip155:80002")]
    [InlineData("skale-base-sepolia", "eip155:324705682")]
    public void A_v1_name_and_its_caip2_id_map_both_ways(string name, string caip2)
    {
        Assert.Equal(caip2, V1Networks.ToCaip2(name));
        Assert.True(V1Networks.TryFromCaip2(caip2, out var back));
        Assert.Equal(name, back);
    }

    [Theory]
    [InlineData("eip155:31337")]
    [InlineData("eip155:1")]
    [InlineData("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp")]
    [InlineData("eip155:084532")]
    [InlineData("base-sepolia")]
    [InlineData(null)]
    public void A_network_v1_has_no_name_for_gets_none(string? caip2)
    {
        Assert.False(V1Networks.TryFromCaip2(caip2, out var name));
        Assert.Null(name);
    }

    [Theory]
    [InlineData("eip155:31337")]
    [InlineData("Base-Sepolia")]
    [InlineData("solana")]
    [InlineData("")]
    public void A_network_that_is_not_a_v1_evm_name_is_left_as_it_is_for_matching_to_refuse(string network)
    {
        Assert.Equal(network, V1Networks.ToCaip2(network));
        Assert.False(V1Networks.TryGetChainId(network, out _));
    }
}
