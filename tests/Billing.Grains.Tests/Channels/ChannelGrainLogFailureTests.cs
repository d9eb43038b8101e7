using Billing.Abstractions.Channels;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>A charge whose log commit fails is never acknowledged, and no snapshot gets ahead of the log because of it.</summary>
[Collection(FailingLogSqliteGrainCluster.Collection)]
public sealed class ChannelGrainLogFailureTests(FailingLogSqliteGrainCluster cluster)
{
    [Fact]
    public async Task A_charge_whose_log_commit_fails_is_refused_and_the_channel_reloads_without_it()
    {
        using var channel = cluster.OpenChannel(1_000_000);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        await Succeeds(grain.Authorize(channel.Pay("req-1", 300, 300)));
        await Succeeds(grain.Commit("req-1", 120));

        await Succeeds(grain.Authorize(channel.Pay("req-2", 120 + 300, 300)));
        cluster.FailAppends = true;
        try
        {
            // What must not happen: an acknowledged charge the log does not hold.
            await Assert.ThrowsAnyAsync<Exception>(async () => await grain.Commit("req-2", 200));
        }
        finally
        {
            cluster.FailAppends = false;
        }

        // The activation that held the failed charge in memory went away without writing it anywhere.
        var view = Assert.IsType<ChannelView>(await grain.GetView());
        Assert.Equal((UInt128)120, view.ChargedCumulative);
        var rows = await StrictChannelGrainJournalTests.JournalOf(cluster, channel);
        Assert.Equal(["req-1"], rows.Select(row => row.RequestId));

        // The payer's next voucher builds on what it saw acknowledged, and the channel goes on from there.
        await Succeeds(grain.Authorize(channel.Pay("req-3", 120 + 300, 300)));
        var committed = await Succeeds(grain.Commit("req-3", 50));
        Assert.Equal((UInt128)170, ViewOf(committed).ChargedCumulative);
        Assert.Equal([1L, 2L], (await StrictChannelGrainJournalTests.JournalOf(cluster, channel)).Select(row => row.Sequence));
    }
}
