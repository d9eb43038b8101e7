using Billing.Core.Channels;

namespace Billing.Core.Tests.Channels;

public sealed class ChannelLedgerTests
{
    [Fact]
    public void A_voucher_covering_charged_plus_ceiling_reserves_and_commit_charges_the_actual_amount()
    {
        var f = new LedgerFixture(balance: 10_000);

        Assert.True(f.Authorize("r1", 1_000, 1_000).Succeeded);
        var committed = f.Ledger.Commit("r1", 600);

        Assert.True(committed.Succeeded);
        Assert.Equal((UInt128)600, committed.Charged);
        Assert.Equal((UInt128)600, f.State.ChargedCumulative);
        Assert.Equal((UInt128)1_000, f.State.HighestVoucher!.MaxClaimableAmount);
        Assert.Empty(f.State.Reservations);
    }

    [Fact]
    public void The_next_voucher_must_build_on_what_was_charged_not_on_the_previous_ceiling()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", ceiling: 1_000, charge: 600);

        var stale = f.Authorize("r2", 2_000, 1_000);
        var exact = f.Authorize("r3", 1_600, 1_000);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, stale.Rejection);
        Assert.True(exact.Succeeded);
    }

    [Fact]
    public void A_voucher_below_charged_plus_ceiling_is_refused_and_moves_nothing()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", 1_000, 1_000);

        var outcome = f.Authorize("r2", 1_500, 1_000);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, outcome.Rejection);
        Assert.Equal((UInt128)1_000, f.State.ChargedCumulative);
        Assert.Empty(f.State.Reservations);
        Assert.Equal(1UL, f.State.Counters.Rejected);
    }

    [Fact]
    public void A_voucher_above_the_confirmed_balance_is_refused()
    {
        var f = new LedgerFixture(balance: 1_000);

        var outcome = f.Authorize("r1", 1_001, 1_001);

        Assert.Equal(LedgerRejection.CumulativeExceedsBalance, outcome.Rejection);
        Assert.Empty(f.State.Reservations);
    }

    [Fact]
    public void An_unfunded_channel_is_not_found()
    {
        var state = new ChannelLedgerState();
        var ledger = new ChannelLedger(state, new ChannelLedgerOptions());

        var outcome = ledger.Authorize(new VoucherAuthorization("r1", 10, LedgerFixture.AnySignature, 10), DateTimeOffset.UnixEpoch);

        Assert.Equal(LedgerRejection.ChannelNotFound, outcome.Rejection);
        Assert.Equal(UInt128.Zero, state.ChargedCumulative);
    }

    [Fact]
    public void A_voucher_not_above_the_claimed_total_is_refused()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(10_000, 3_000, 0, 0, 0, Block: 2), f.Now);

        var outcome = f.Authorize("r1", 3_000, 0);

        Assert.Equal(LedgerRejection.CumulativeBelowClaimed, outcome.Rejection);
    }

    [Fact]
    public void Only_one_reservation_is_open_at_a_time_under_the_official_scheme()
    {
        var f = new LedgerFixture(balance: 10_000);
        Assert.True(f.Authorize("r1", 1_000, 1_000).Succeeded);

        var second = f.Authorize("r2", 2_000, 1_000);

        Assert.Equal(LedgerRejection.ChannelBusy, second.Rejection);
        Assert.Single(f.State.Reservations);
    }

    [Fact]
    public void With_concurrent_reservations_a_voucher_must_cover_every_open_ceiling()
    {
        var f = new LedgerFixture(balance: 10_000, new ChannelLedgerOptions { MaxOpenReservations = 4 });
        Assert.True(f.Authorize("r1", 1_000, 1_000).Succeeded);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, f.Authorize("r2", 1_000, 1_000).Rejection);
        Assert.True(f.Authorize("r3", 2_000, 1_000).Succeeded);
        Assert.True(f.Ledger.Commit("r1", 1_000).Succeeded);
        Assert.True(f.Ledger.Commit("r3", 400).Succeeded);

        Assert.Equal((UInt128)1_400, f.State.ChargedCumulative);
        Assert.Equal((UInt128)2_000, f.State.HighestVoucher!.MaxClaimableAmount);
    }

    [Fact]
    public void A_charge_above_the_ceiling_is_refused_and_the_reservation_stays_open()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Authorize("r1", 1_000, 1_000);

        var outcome = f.Ledger.Commit("r1", 1_001);

        Assert.Equal(LedgerRejection.ChargeExceedsCeiling, outcome.Rejection);
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
        Assert.Single(f.State.Reservations);
    }

    [Fact]
    public void Void_releases_the_reservation_and_charges_nothing()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Authorize("r1", 1_000, 1_000);

        Assert.True(f.Ledger.Void("r1").Succeeded);

        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
        Assert.Empty(f.State.Reservations);
        Assert.Null(f.State.HighestVoucher);
        Assert.Equal(LedgerRejection.ReservationNotFound, f.Ledger.Commit("r1", 1).Rejection);
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
    }

    [Fact]
    public void Reservations_expire_after_the_timeout_and_free_the_channel()
    {
        var f = new LedgerFixture(balance: 10_000, new ChannelLedgerOptions { ReservationTimeout = TimeSpan.FromSeconds(30) });
        f.Authorize("r1", 1_000, 1_000);

        f.Now += TimeSpan.FromSeconds(31);
        Assert.Equal(1, f.Ledger.ExpireReservations(f.Now));

        Assert.Empty(f.State.Reservations);
        Assert.Equal(UInt128.Zero, f.State.OpenCeilings());
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
        Assert.True(f.Authorize("r2", 1_000, 1_000).Succeeded);
    }

    [Fact]
    public void Repeating_a_request_returns_the_first_answer_and_moves_money_once()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Authorize("r1", 1_000, 1_000);
        f.Ledger.Commit("r1", 700);

        var again = f.Authorize("r1", 1_000, 1_000);
        var recommit = f.Ledger.Commit("r1", 700);

        Assert.True(again.Replayed);
        Assert.Equal(LedgerRejection.RequestAlreadyRedeemed, again.Rejection);
        Assert.True(recommit.Succeeded);
        Assert.True(recommit.Replayed);
        Assert.Equal((UInt128)700, f.State.ChargedCumulative);
    }

    [Fact]
    public void A_copy_of_a_payment_still_running_is_not_authorized_a_second_time()
    {
        var f = new LedgerFixture(balance: 10_000, new ChannelLedgerOptions { MaxOpenReservations = 4 });
        Assert.True(f.Authorize("r1", 1_000, 1_000).Succeeded);

        var copy = f.Authorize("r1", 1_000, 1_000);

        Assert.False(copy.Succeeded);
        Assert.Equal(LedgerRejection.RequestInProgress, copy.Rejection);
        Assert.True(copy.Replayed);
        Assert.Single(f.State.Reservations);
    }

    [Fact]
    public void A_copy_of_a_committed_payment_is_refused_as_redeemed_and_says_what_it_was_charged()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", ceiling: 1_000, charge: 700);

        var copy = f.Authorize("r1", 1_000, 1_000);

        Assert.False(copy.Succeeded);
        Assert.Equal(LedgerRejection.RequestAlreadyRedeemed, copy.Rejection);
        Assert.Equal((UInt128)700, copy.Charged);
        Assert.Empty(f.State.Reservations);
        Assert.Equal((UInt128)700, f.State.ChargedCumulative);
    }

    [Fact]
    public void A_voided_payment_may_run_again_under_the_same_id_and_is_charged_once()
    {
        var f = new LedgerFixture(balance: 10_000);
        Assert.True(f.Authorize("r1", 1_000, 1_000).Succeeded);
        Assert.True(f.Ledger.Void("r1").Succeeded);

        var retry = f.Authorize("r1", 1_000, 1_000);
        var committed = f.Ledger.Commit("r1", 1_000);
        var copy = f.Authorize("r1", 1_000, 1_000);

        Assert.True(retry.Succeeded);
        Assert.False(retry.Replayed);
        Assert.True(committed.Succeeded);
        Assert.Equal(LedgerRejection.RequestAlreadyRedeemed, copy.Rejection);
        Assert.Equal((UInt128)1_000, f.State.ChargedCumulative);
        Assert.Single(f.State.RequestOrder);
    }

    [Fact]
    public void A_voided_payment_that_no_longer_matches_the_channel_is_refused_on_retry()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Authorize("r1", 1_000, 1_000);
        f.Ledger.Void("r1");
        f.Pay("r2", ceiling: 1_000, charge: 1_000);

        var retry = f.Authorize("r1", 1_000, 1_000);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, retry.Rejection);
        Assert.Equal((UInt128)1_000, f.State.ChargedCumulative);
        Assert.Empty(f.State.Reservations);
    }

    [Fact]
    public void Repeating_a_request_id_with_different_content_is_refused()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Authorize("r1", 1_000, 1_000);
        f.Ledger.Commit("r1", 700);

        Assert.Equal(LedgerRejection.RequestIdConflict, f.Authorize("r1", 1_700, 1_000).Rejection);
        Assert.Equal(LedgerRejection.RequestIdConflict, f.Ledger.Commit("r1", 500).Rejection);
        Assert.Equal((UInt128)700, f.State.ChargedCumulative);
    }

    [Fact]
    public void A_later_voucher_from_the_payer_restores_a_tail_the_server_lost()
    {
        // The server acknowledged 3 × 1,000 but lost the last two from storage; the payer's next voucher says 3,000 + 1,000.
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", 1_000, 1_000);
        f.Ledger.AllowCatchUp(2_000);

        var outcome = f.Authorize("r4", 4_000, 1_000);

        Assert.True(outcome.Succeeded);
        Assert.Equal((UInt128)3_000, f.State.ChargedCumulative);
        Assert.Equal((UInt128)2_000, f.State.Counters.CaughtUp);
    }

    [Fact]
    public void Catch_up_never_exceeds_what_could_have_been_lost()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", 1_000, 1_000);
        f.Ledger.AllowCatchUp(1_999);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, f.Authorize("r4", 4_000, 1_000).Rejection);
        Assert.Equal((UInt128)1_000, f.State.ChargedCumulative);
    }

    [Fact]
    public void Without_an_allowance_a_voucher_above_charged_plus_ceiling_is_a_mismatch()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", 1_000, 1_000);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, f.Authorize("r4", 4_000, 1_000).Rejection);
        Assert.Equal((UInt128)1_000, f.State.ChargedCumulative);
    }

    [Fact]
    public void The_allowance_ends_once_payer_and_server_agree()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Ledger.AllowCatchUp(5_000);
        f.Pay("r1", 1_000, 1_000);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, f.Authorize("r2", 3_000, 1_000).Rejection);
    }

    [Fact]
    public void A_claimed_total_above_what_we_remember_is_adopted_as_charged()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", 1_000, 1_000);

        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(10_000, 2_500, 0, 0, 0, Block: 5), f.Now);

        Assert.Equal((UInt128)2_500, f.State.ChargedCumulative);
    }

    [Fact]
    public void An_older_chain_snapshot_never_overwrites_a_newer_one()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(20_000, 0, 0, 0, 0, Block: 9), f.Now);

        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(10_000, 0, 0, 0, 0, Block: 8), f.Now);

        Assert.Equal((UInt128)20_000, f.State.Chain.Balance);
        Assert.Equal(9UL, f.State.Chain.SyncedAtBlock);
    }
}
