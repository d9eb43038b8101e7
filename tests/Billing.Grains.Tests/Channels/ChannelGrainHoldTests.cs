using Billing.Abstractions.Channels;
using Billing.Grains.Channels;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>
/// What holds a channel ends on every path: a refund hold whose caller never completed it times out (and the chain is read
/// again before anything is accepted), and a reservation lives exactly as long as its request keeps renewing it.
/// </summary>
public abstract class ChannelGrainHoldTests(GrainCluster cluster)
{
    private static readonly UInt128 Deposit = 1_000_000;

    [Fact]
    public async Task A_refund_hold_whose_caller_never_completed_it_times_out_and_the_channel_is_read_again()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        var prepared = await grain.PrepareRefund(channel.Pay("refund", UInt128.Zero, UInt128.Zero));
        Assert.Equal(PaymentRejection.None, prepared.Rejection);

        // The refund's caller timed out or died here: CompleteRefund never comes.
        var held = await grain.Authorize(channel.Pay("req-1", 100, 100));
        Assert.Equal(PaymentRejection.ChannelBusy, held.Rejection);

        var readsBefore = cluster.Chain.Reads(channel.Id);
        cluster.Clock.Advance(new ChannelGrainOptions().RefundHoldTimeout + TimeSpan.FromSeconds(1));
        var after = await grain.Authorize(channel.Pay("req-2", 100, 100));

        Assert.Equal(PaymentRejection.None, after.Rejection);
        Assert.True(cluster.Chain.Reads(channel.Id) > readsBefore, "the escrow a lapsed refund may have moved is read again");
        await Succeeds(grain.Commit("req-2", 100));
    }

    [Fact]
    public async Task A_renewed_reservation_survives_past_its_timeout_and_keeps_the_channel_busy()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        var timeout = new ChannelGrainOptions().Ledger.ReservationTimeout;
        await Succeeds(grain.Authorize(channel.Pay("stream", 1_000, 1_000)));

        for (var i = 0; i < 3; i++)
        {
            cluster.Clock.Advance(timeout * 2 / 3);
            await Succeeds(grain.Renew("stream"));
        }

        var other = await grain.Authorize(channel.Pay("other", 500, 500));
        var refund = await grain.PrepareRefund(channel.Pay("refund", UInt128.Zero, UInt128.Zero));
        var committed = await grain.Commit("stream", 1_000);

        Assert.Equal(PaymentRejection.ChannelBusy, other.Rejection);
        Assert.Equal(PaymentRejection.ChannelBusy, refund.Rejection);
        Assert.Equal(PaymentRejection.None, committed.Rejection);
        Assert.Equal((UInt128)1_000, ViewOf(committed).ChargedCumulative);
    }

    private IChannelGrain Grain(TestChannel channel) => cluster.Client.GetGrain<IChannelGrain>(channel.Id);
}

[Collection(SqliteGrainCluster.Collection)]
public sealed class SqliteChannelGrainHoldTests(SqliteGrainCluster cluster) : ChannelGrainHoldTests(cluster);
