using Billing.Abstractions.Channels;
using Billing.Abstractions.Settlement;
using Billing.Grains.Settlement;
using Billing.Grains.Tests.Infrastructure;
using Billing.Persistence.Storage;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Settlement;

/// <summary>
/// What the settlement policy reads from a shard: when a channel registered (the age of its oldest unclaimed charge) and
/// whether a pending withdrawal made it urgent.
/// </summary>
public abstract class SettlementShardPolicyStateTests(GrainCluster cluster)
{
    private static readonly UInt128 Price = 400;

    [Fact]
    public async Task A_withdrawal_initiated_on_a_channel_that_owes_makes_its_shard_entry_urgent_until_it_is_claimed()
    {
        using var channel = cluster.OpenChannel(1_000_000);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        var shard = cluster.Client.GetGrain<ISettlementShardGrain>(SettlementShards.KeyForChannel(channel.Id));
        var before = cluster.Clock.GetUtcNow();
        await Succeeds(grain.Authorize(channel.Pay("req-1", Price, Price)));
        await Succeeds(grain.Commit("req-1", 250));

        var registered = Assert.Single(await shard.GetEntries(), e => e.ChannelId == channel.Id);
        Assert.False(registered.Urgent);
        Assert.InRange(registered.RegisteredAt, before, cluster.Clock.GetUtcNow());

        // Charging again must NOT reset the age: the oldest unclaimed charge is what MaxAge measures.
        cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        await Succeeds(grain.Authorize(channel.Pay("req-2", 250 + Price, Price)));
        await Succeeds(grain.Commit("req-2", 100));
        Assert.Equal(registered.RegisteredAt, Assert.Single(await shard.GetEntries(), e => e.ChannelId == channel.Id).RegisteredAt);

        const ulong FinalizeAfter = 2_000_000_000;
        await grain.ApplyChainEvents([new ChainEventMessage(1_000, 0, ChainEventKind.WithdrawInitiated, 5_000, FinalizeAfter)]);

        var urgent = Assert.Single(await shard.GetEntries(), e => e.ChannelId == channel.Id);
        Assert.True(urgent.Urgent);
        Assert.Equal(registered.RegisteredAt, urgent.RegisteredAt);
        var candidate = await grain.GetClaimCandidate();
        Assert.NotNull(candidate);
        Assert.Equal(FinalizeAfter - candidate.Config.WithdrawDelay, candidate.WithdrawRequestedAt);

        await shard.MarkSettled([channel.Id]);
        Assert.DoesNotContain(await shard.GetEntries(), e => e.ChannelId == channel.Id);
    }

    [Fact]
    public void Shard_state_persisted_before_registration_times_were_kept_still_reads()
    {
        var serializer = new JsonGrainStateSerializer();
        var old = serializer.Deserialize<SettlementShardState>(BinaryData.FromString("""{"channels":["0xaa","0xbb"]}"""));

        Assert.Equal(["0xaa", "0xbb"], old.Channels.Order(StringComparer.Ordinal));
        Assert.Empty(old.RegisteredAt);
        Assert.Empty(old.Urgent);
    }
}

[Collection(SqliteGrainCluster.Collection)]
public sealed class SqliteSettlementShardPolicyStateTests(SqliteGrainCluster cluster) : SettlementShardPolicyStateTests(cluster);

[Collection(PostgreSqlGrainCluster.Collection)]
public sealed class PostgreSqlSettlementShardPolicyStateTests(PostgreSqlGrainCluster cluster) : SettlementShardPolicyStateTests(cluster);
