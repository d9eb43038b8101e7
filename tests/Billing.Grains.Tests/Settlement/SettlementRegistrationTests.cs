using Billing.Abstractions.Channels;
using Billing.Abstractions.Settlement;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Settlement;

/// <summary>
/// How a channel that earned money reaches settlement: it registers with its shard on commit, offers its highest voucher as
/// a claim, stops being a candidate once the chain shows the claim, and registers again when it earns more.
/// </summary>
public abstract class SettlementRegistrationTests(GrainCluster cluster)
{
    private static readonly UInt128 Deposit = 1_000_000;
    private static readonly UInt128 Price = 400;

    [Fact]
    public async Task Committed_channel_is_a_claim_candidate_in_its_shard_until_the_chain_shows_the_claim()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        var shardKey = SettlementShards.KeyForChannel(channel.Id);
        var shard = cluster.Client.GetGrain<ISettlementShardGrain>(shardKey);
        UInt128 charge = 250;
        var voucher = channel.Pay("req-1", Price, Price);

        await Succeeds(grain.Authorize(voucher));

        Assert.Empty(await ShardsListing(channel)); // a reservation owes nothing yet
        Assert.Null(await grain.GetClaimCandidate());

        await Succeeds(grain.Commit("req-1", charge));

        Assert.Equal([shardKey], await ShardsListing(channel));
        var candidate = await grain.GetClaimCandidate();
        Assert.NotNull(candidate);
        Assert.Equal(channel.Id, candidate.ChannelId);
        Assert.Equal(channel.Config, candidate.Config);
        Assert.Equal(Price, candidate.SignedMaxClaimable);
        Assert.Equal(voucher.Signature, candidate.Signature);
        Assert.Equal(charge, candidate.ChargedCumulative);
        Assert.Equal(UInt128.Zero, candidate.TotalClaimed);

        // Settlement claims the charged total on chain, re-reads the channel, then forgets it in the shard.
        cluster.Chain.Claim(channel.Id, charge);
        var synced = await grain.SyncFromChain();

        Assert.NotNull(synced);
        Assert.Equal(charge, synced.TotalClaimed);
        Assert.Equal(charge, synced.ChargedCumulative);
        Assert.Null(await grain.GetClaimCandidate());

        await shard.MarkSettled([channel.Id]);

        Assert.Empty(await ShardsListing(channel));

        // Earning again puts the channel back, owing only what was charged beyond the claim.
        var next = channel.Pay("req-2", charge + Price, Price);
        await Succeeds(grain.Authorize(next));
        await Succeeds(grain.Commit("req-2", 60));

        Assert.Equal([shardKey], await ShardsListing(channel));
        var again = await grain.GetClaimCandidate();
        Assert.NotNull(again);
        Assert.Equal(charge + 60, again.ChargedCumulative);
        Assert.Equal(charge, again.TotalClaimed);
        Assert.Equal(next.SignedMaxClaimable, again.SignedMaxClaimable);
        Assert.Equal(next.Signature, again.Signature);
    }

    [Fact]
    public async Task A_channel_charged_again_while_its_claim_was_in_flight_registers_again_after_the_claim()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        var shard = cluster.Client.GetGrain<ISettlementShardGrain>(SettlementShards.KeyForChannel(channel.Id));
        await Succeeds(grain.Authorize(channel.Pay("req-1", Price, Price)));
        await Succeeds(grain.Commit("req-1", 250));
        var inFlight = await grain.GetClaimCandidate();

        // Settlement took the candidate at 250; another request commits before the claim lands.
        await Succeeds(grain.Authorize(channel.Pay("req-2", 250 + Price, Price)));
        await Succeeds(grain.Commit("req-2", 60));
        cluster.Chain.Claim(channel.Id, inFlight!.ChargedCumulative);

        // Settlement's order after the receipt: forget the channel, then let it re-read the chain.
        await shard.MarkSettled([channel.Id]);
        await grain.SyncFromChain();

        // What must NOT happen: the 60 charged meanwhile falling out of settlement.
        Assert.Contains(channel.Id, await shard.GetChannels());
        var rest = await grain.GetClaimCandidate();
        Assert.NotNull(rest);
        Assert.Equal((UInt128)310, rest.ChargedCumulative);
        Assert.Equal((UInt128)250, rest.TotalClaimed);
    }

    [Fact]
    public async Task Claim_below_the_charged_total_leaves_the_channel_a_candidate_for_the_rest()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        UInt128 charge = 300;
        await Succeeds(grain.Authorize(channel.Pay("req-1", Price, Price)));
        await Succeeds(grain.Commit("req-1", charge));

        cluster.Chain.Claim(channel.Id, 100);
        await grain.SyncFromChain();

        var candidate = await grain.GetClaimCandidate();
        Assert.NotNull(candidate);
        Assert.Equal(charge, candidate.ChargedCumulative);
        Assert.Equal((UInt128)100, candidate.TotalClaimed);
        Assert.Equal([SettlementShards.KeyForChannel(channel.Id)], await ShardsListing(channel));
    }

    /// <summary>The keys of every shard that lists the channel.</summary>
    private async Task<IReadOnlyList<string>> ShardsListing(TestChannel channel)
    {
        var listing = new List<string>();
        for (var shard = 0; shard < SettlementShards.Count; shard++)
        {
            var key = SettlementShards.KeyFor(shard);
            if ((await cluster.Client.GetGrain<ISettlementShardGrain>(key).GetChannels()).Contains(channel.Id))
            {
                listing.Add(key);
            }
        }

        return listing;
    }
}

[Collection(SqliteGrainCluster.Collection)]
public sealed class SqliteSettlementRegistrationTests(SqliteGrainCluster cluster) : SettlementRegistrationTests(cluster);

[Collection(PostgreSqlGrainCluster.Collection)]
public sealed class PostgreSqlSettlementRegistrationTests(PostgreSqlGrainCluster cluster) : SettlementRegistrationTests(cluster);
