using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>
/// The channel grain's payment rules end to end through Orleans: real signatures, real storage, a scripted chain. Runs once
/// per storage engine (the sealed classes at the end of the file).
/// </summary>
public abstract class ChannelGrainPaymentTests(GrainCluster cluster)
{
    private static readonly UInt128 Deposit = 1_000_000;

    [Fact]
    public async Task Authorize_then_commit_charges_exactly_the_committed_amount()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        UInt128 ceiling = 300;
        UInt128 charge = 120;
        var presentation = channel.Pay("req-1", signedMaxClaimable: ceiling, ceiling);

        var authorized = await grain.Authorize(presentation);

        Assert.Equal(PaymentRejection.None, authorized.Rejection);
        Assert.Equal(UInt128.Zero, ViewOf(authorized).ChargedCumulative); // a reservation is not a charge

        var committed = await grain.Commit("req-1", charge);

        Assert.Equal(PaymentRejection.None, committed.Rejection);
        Assert.Equal(charge, committed.Charged);
        var view = ViewOf(committed);
        Assert.Equal(channel.Id, view.ChannelId);
        Assert.Equal(Deposit, view.Balance);
        Assert.Equal(UInt128.Zero, view.TotalClaimed);
        Assert.Equal(charge, view.ChargedCumulative);
        Assert.Equal(ceiling, view.SignedMaxClaimable);
        Assert.Equal(presentation.Signature, view.Signature);
        SameView(view, await grain.GetView());
    }

    [Fact]
    public async Task Next_voucher_must_build_on_the_charged_total_and_a_mismatch_returns_the_corrective_view()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        UInt128 price = 300;
        UInt128 firstCharge = 120;
        var first = channel.Pay("req-1", price, price);
        await Succeeds(grain.Authorize(first));
        await Succeeds(grain.Commit("req-1", firstCharge));

        // The client assumed the whole ceiling was charged; only 120 was.
        var stale = await grain.Authorize(channel.Pay("req-2", price + price, price));

        Assert.Equal(PaymentRejection.CumulativeAmountMismatch, stale.Rejection);
        var corrective = ViewOf(stale);
        Assert.Equal(firstCharge, corrective.ChargedCumulative);
        Assert.Equal(price, corrective.SignedMaxClaimable);
        Assert.Equal(first.Signature, corrective.Signature);

        // The refusal reserved nothing and is not remembered: the same request id comes back with charged + price.
        var corrected = channel.Pay("req-2", corrective.ChargedCumulative + price, price);
        await Succeeds(grain.Authorize(corrected));
        var committed = await Succeeds(grain.Commit("req-2", 50));

        Assert.Equal(firstCharge + 50, ViewOf(committed).ChargedCumulative);
        Assert.Equal(corrected.SignedMaxClaimable, ViewOf(committed).SignedMaxClaimable);
        Assert.Equal(corrected.Signature, ViewOf(committed).Signature);
    }

    [Fact]
    public async Task Voucher_not_signed_by_the_payer_authorizer_is_refused_and_moves_nothing()
    {
        using var channel = cluster.OpenChannel(Deposit);
        using var stranger = PrivateKey.Generate();
        var grain = Grain(channel);
        UInt128 price = 200;

        var foreign = await grain.Authorize(channel.Pay("req-1", price, price, signer: stranger));
        var otherAmount = channel.Pay("req-1", price, price) with { Signature = channel.Sign(price + 1) };
        var swapped = await grain.Authorize(otherAmount);

        Assert.Equal(PaymentRejection.InvalidSignature, foreign.Rejection);
        Assert.Equal(PaymentRejection.InvalidSignature, swapped.Rejection);
        Assert.Equal(PaymentRejection.ReservationNotFound, (await grain.Commit("req-1", price)).Rejection);
        // A channel that never paid keeps nothing from a refused voucher: its activation may already be gone (no view).
        var view = await grain.GetView();
        Assert.Equal(UInt128.Zero, view?.ChargedCumulative ?? UInt128.Zero);
        Assert.Equal(UInt128.Zero, view?.SignedMaxClaimable ?? UInt128.Zero);
        Assert.Null(view?.Signature);

        // Nothing was reserved either: the genuine voucher for the same request gets the channel's only slot.
        await Succeeds(grain.Authorize(channel.Pay("req-1", price, price)));
    }

    [Fact]
    public async Task A_signature_the_contract_would_refuse_at_claim_time_pays_for_nothing()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        UInt128 price = 200;
        var genuine = channel.Sign(price);

        // The same signature with v as 0/1, and in EIP-2098 compact form: both recover the payer off chain, but the
        // contract's ECDSA check refuses them, so such a voucher could never be claimed.
        var zeroOneV = (byte[])genuine.Clone();
        zeroOneV[64] -= 27;
        var compact = genuine[..64];
        compact[32] |= (byte)((genuine[64] - 27) << 7);

        var withZeroOneV = await grain.Authorize(channel.Pay("req-1", price, price) with { Signature = zeroOneV });
        var withCompact = await grain.Authorize(channel.Pay("req-1", price, price) with { Signature = compact });

        Assert.Equal(PaymentRejection.InvalidSignature, withZeroOneV.Rejection);
        Assert.Equal(PaymentRejection.InvalidSignature, withCompact.Rejection);
        await Succeeds(grain.Authorize(channel.Pay("req-1", price, price)));
    }

    [Fact]
    public async Task Unfunded_channel_is_not_found_and_does_not_turn_retries_into_chain_reads()
    {
        using var channel = cluster.OpenChannel(deposit: UInt128.Zero);
        var grain = Grain(channel);
        UInt128 price = 100;

        var first = await grain.Authorize(channel.Pay("req-1", price, price));
        var retry = await grain.Authorize(channel.Pay("req-1", price, price));

        Assert.Equal(PaymentRejection.ChannelNotFound, first.Rejection);
        Assert.Equal(PaymentRejection.ChannelNotFound, retry.Rejection);
        Assert.Equal(UInt128.Zero, ViewOf(retry).Balance);
        Assert.Equal(PaymentRejection.ReservationNotFound, (await grain.Commit("req-1", price)).Rejection);
        Assert.Equal(UInt128.Zero, ViewOf(retry).ChargedCumulative);
        Assert.Equal(1, cluster.Chain.Reads(channel.Id)); // the retry inside the resync interval did not read the chain
    }

    [Fact]
    public async Task Refusals_for_a_channel_that_never_paid_keep_no_activation_and_read_the_chain_once_per_silo()
    {
        using var channel = cluster.OpenChannel(deposit: UInt128.Zero);
        using var stranger = PrivateKey.Generate();
        var grain = Grain(channel);
        UInt128 price = 100;

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(PaymentRejection.ChannelNotFound, (await grain.Authorize(channel.Pay($"req-{i}", price, price))).Rejection);
            Assert.Equal(PaymentRejection.InvalidSignature, (await grain.Authorize(channel.Pay($"bad-{i}", price, price, stranger))).Rejection);
            Assert.Equal(PaymentRejection.ChannelNotFound, (await grain.PrepareRefund(channel.Pay($"refund-{i}", 0, 0))).Rejection);
        }

        // Every activation went once its refusal was answered, and every silo read the chain at most once for the channel:
        // the repeats were refused from the silo's unfunded-channel cache.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while ((await cluster.ActivationsOf(grain)).Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Empty(await cluster.ActivationsOf(grain));
        Assert.InRange(cluster.Chain.Reads(channel.Id), 1, cluster.ActiveSilos.Count);

        // A deposit the chain watcher reports ends the cache's verdict at once, without waiting for it to expire.
        cluster.Chain.Deposit(channel.Id, Deposit);
        await grain.ApplyChainEvents([new ChainEventMessage(1, 0, ChainEventKind.Deposited, Deposit, 0)]);
        var authorized = await Succeeds(grain.Authorize(channel.Pay("req-paid", price, price)));
        Assert.Equal(Deposit, ViewOf(authorized).Balance);
    }

    [Fact]
    public async Task Chain_read_failure_refuses_as_chain_state_unavailable_and_moves_nothing()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        UInt128 price = 100;
        cluster.Chain.Disconnect(channel.Id);

        var refused = await grain.Authorize(channel.Pay("req-1", price, price));

        Assert.Equal(PaymentRejection.ChainStateUnavailable, refused.Rejection);
        Assert.Equal(UInt128.Zero, ViewOf(refused).ChargedCumulative);
        Assert.Equal(UInt128.Zero, ViewOf(refused).Balance); // no escrow was invented while the chain was away
        Assert.Equal(PaymentRejection.ReservationNotFound, (await grain.Commit("req-1", price)).Rejection);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await grain.SyncFromChain());

        cluster.Chain.Reconnect(channel.Id);

        await Succeeds(grain.Authorize(channel.Pay("req-1", price, price)));
        var committed = await Succeeds(grain.Commit("req-1", price));
        Assert.Equal(price, ViewOf(committed).ChargedCumulative);
        Assert.Equal(Deposit, ViewOf(committed).Balance);
    }

    [Fact]
    public async Task Top_up_on_chain_is_picked_up_once_the_resync_interval_has_passed_and_not_before()
    {
        UInt128 deposit = 100;
        UInt128 topUp = 400;
        UInt128 price = 150;
        using var channel = cluster.OpenChannel(deposit);
        var grain = Grain(channel);

        var tooLarge = await grain.Authorize(channel.Pay("req-1", price, price));
        Assert.Equal(PaymentRejection.CumulativeExceedsBalance, tooLarge.Rejection);
        Assert.Equal(deposit, ViewOf(tooLarge).Balance);

        cluster.Chain.Deposit(channel.Id, topUp);
        var readsBefore = cluster.Chain.Reads(channel.Id);
        var early = await grain.Authorize(channel.Pay("req-1", price, price));

        Assert.Equal(PaymentRejection.CumulativeExceedsBalance, early.Rejection);
        Assert.Equal(readsBefore, cluster.Chain.Reads(channel.Id));

        cluster.Clock.Advance(GrainCluster.ResyncInterval);
        var authorized = await grain.Authorize(channel.Pay("req-1", price, price));

        Assert.Equal(PaymentRejection.None, authorized.Rejection);
        Assert.Equal(deposit + topUp, ViewOf(authorized).Balance);
        var committed = await Succeeds(grain.Commit("req-1", price));
        Assert.Equal(price, ViewOf(committed).ChargedCumulative);
    }

    [Fact]
    public async Task Commit_replay_returns_the_same_charge_and_moves_money_once()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        UInt128 price = 100;
        UInt128 charge = 80;
        var presentation = channel.Pay("req-1", price, price);
        await Succeeds(grain.Authorize(presentation));
        await Succeeds(grain.Commit("req-1", charge));

        var replayed = await grain.Commit("req-1", charge);
        var reauthorized = await grain.Authorize(presentation);
        var conflicting = await grain.Commit("req-1", charge + 1);

        Assert.Equal(PaymentRejection.None, replayed.Rejection);
        Assert.Equal(charge, replayed.Charged);
        // A payment already redeemed buys no second execution: the caller is told so instead of being authorized again.
        Assert.Equal(PaymentRejection.RequestAlreadyRedeemed, reauthorized.Rejection);
        Assert.Equal(PaymentRejection.RequestIdConflict, conflicting.Rejection);
        Assert.Equal(charge, ViewOf(conflicting).ChargedCumulative);

        // The replayed authorization opened no second reservation: the next request reserves on charged + price.
        await Succeeds(grain.Authorize(channel.Pay("req-2", charge + price, price)));
        Assert.Equal(charge, ViewOf(await Succeeds(grain.Commit("req-2", UInt128.Zero))).ChargedCumulative);
    }

    [Fact]
    public async Task Void_charges_nothing_and_releases_the_reservation()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        UInt128 price = 100;
        await Succeeds(grain.Authorize(channel.Pay("req-1", price, price)));

        var voided = await grain.Void("req-1");
        var replayed = await grain.Void("req-1");
        var lateCommit = await grain.Commit("req-1", price);

        Assert.Equal(PaymentRejection.None, voided.Rejection);
        Assert.Equal(UInt128.Zero, voided.Charged);
        Assert.Equal(PaymentRejection.None, replayed.Rejection);
        Assert.Equal(PaymentRejection.ReservationNotFound, lateCommit.Rejection);
        var view = ViewOf(lateCommit);
        Assert.Equal(UInt128.Zero, view.ChargedCumulative);
        Assert.Equal(UInt128.Zero, view.SignedMaxClaimable); // a voided voucher is never the one settlement claims with

        // Charged is still zero, so the next voucher is just the next price; the slot is free again.
        await Succeeds(grain.Authorize(channel.Pay("req-2", price, price)));
    }

    [Fact]
    public async Task Second_request_while_one_reservation_is_open_is_refused_as_channel_busy()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(channel);
        UInt128 price = 100;
        await Succeeds(grain.Authorize(channel.Pay("req-1", price, price)));

        var busy = await grain.Authorize(channel.Pay("req-2", price + price, price));

        Assert.Equal(PaymentRejection.ChannelBusy, busy.Rejection);
        Assert.Equal(UInt128.Zero, ViewOf(busy).ChargedCumulative);
        Assert.Equal(PaymentRejection.ReservationNotFound, (await grain.Commit("req-2", price)).Rejection);

        await Succeeds(grain.Commit("req-1", price));
        await Succeeds(grain.Authorize(channel.Pay("req-2", price + price, price)));
        var committed = await Succeeds(grain.Commit("req-2", price));
        Assert.Equal(price + price, ViewOf(committed).ChargedCumulative);
    }

    private IChannelGrain Grain(TestChannel channel) => cluster.Client.GetGrain<IChannelGrain>(channel.Id);
}

[Collection(SqliteGrainCluster.Collection)]
public sealed class SqliteChannelGrainPaymentTests(SqliteGrainCluster cluster) : ChannelGrainPaymentTests(cluster);

[Collection(PostgreSqlGrainCluster.Collection)]
public sealed class PostgreSqlChannelGrainPaymentTests(PostgreSqlGrainCluster cluster) : ChannelGrainPaymentTests(cluster);
