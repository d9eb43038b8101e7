using Billing.Abstractions.Channels;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>A channel grain exists only under its canonical id, so one on-chain channel never has two ledgers.</summary>
public abstract class ChannelGrainKeyTests(GrainCluster cluster)
{
    [Theory]
    [InlineData("not-a-channel")]
    [InlineData("0x1234")]
    [InlineData("shard-3")]
    public async Task Key_that_is_not_a_channel_id_is_refused_with_an_argument_exception(string key)
    {
        var grain = cluster.Client.GetGrain<IChannelGrain>(key);

        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await grain.GetView());

        Assert.Contains(key, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upper_case_spelling_of_a_channel_id_opens_no_second_ledger()
    {
        using var channel = cluster.OpenChannel(deposit: 1_000);
        UInt128 price = 400;
        var canonical = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        await Succeeds(canonical.Authorize(channel.Pay("req-1", price, price)));
        await Succeeds(canonical.Commit("req-1", price));
        var shouted = cluster.Client.GetGrain<IChannelGrain>("0x" + channel.Id[2..].ToUpperInvariant());

        // Were this a ledger of its own, it would accept the payer's first voucher a second time.
        await Assert.ThrowsAsync<ArgumentException>(async () => await shouted.Authorize(channel.Pay("req-1", price, price)));

        Assert.Equal(price, (await canonical.GetView())!.ChargedCumulative);
    }
}

[Collection(SqliteGrainCluster.Collection)]
public sealed class SqliteChannelGrainKeyTests(SqliteGrainCluster cluster) : ChannelGrainKeyTests(cluster);

[Collection(PostgreSqlGrainCluster.Collection)]
public sealed class PostgreSqlChannelGrainKeyTests(PostgreSqlGrainCluster cluster) : ChannelGrainKeyTests(cluster);
