using Billing.Core.Channels;

namespace Billing.Core.Tests.Channels;

/// <summary>
/// A reservation is a lease its request renews while it runs: a renewed one never expires under a long stream, and a
/// commit that comes after a lapse anyway charges within the voucher unless something took the reservation's place.
/// </summary>
public sealed class ReservationLeaseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_renewed_reservation_outlives_the_timeout_and_another_voucher_cannot_take_its_place()
    {
        var f = Fixture();
        Assert.True(f.Authorize("stream", 1_000, 1_000).Succeeded);

        // Renewed every third of the timeout for three timeouts: a 6 s stream under a 2 s timeout.
        for (var i = 0; i < 9; i++)
        {
            f.Now += Timeout / 3;
            Assert.True(f.Ledger.Renew("stream", f.Now).Succeeded);
            Assert.Equal(LedgerRejection.ChannelBusy, f.Authorize($"other-{i}", 500, 500).Rejection);
        }

        var committed = f.Ledger.Commit("stream", 900);

        Assert.True(committed.Succeeded);
        Assert.Equal((UInt128)900, f.State.ChargedCumulative);
        Assert.Equal(0UL, f.State.Counters.Expired);
    }

    [Fact]
    public void An_unrenewed_reservation_still_lapses_so_a_dead_caller_does_not_hold_the_channel()
    {
        var f = Fixture();
        f.Authorize("dead", 1_000, 1_000);

        f.Now += Timeout + TimeSpan.FromMilliseconds(1);

        Assert.True(f.Authorize("next", 500, 500).Succeeded);
        Assert.Equal(1UL, f.State.Counters.Expired);
        Assert.Equal(LedgerRejection.ReservationNotFound, f.Ledger.Renew("dead", f.Now).Rejection);
    }

    [Fact]
    public void A_late_commit_charges_within_its_voucher_when_nothing_took_its_place()
    {
        var f = Fixture();
        f.Pay("first", 300, 200);
        f.Authorize("stream", 1_200, 1_000);
        f.Now += Timeout * 3;
        f.Ledger.ExpireReservations(f.Now);

        var committed = f.Ledger.CommitMetered("stream", Billing.Core.Pricing.SubUnits.FromAtomic(950));

        Assert.True(committed.Succeeded);
        Assert.Equal((UInt128)1_150, f.State.ChargedCumulative);
        Assert.Equal((UInt128)1_200, f.State.HighestVoucher!.MaxClaimableAmount);
        Assert.Equal(1UL, f.State.Counters.LateCommitted);
        Assert.Empty(f.State.LapsedReservations);
        Assert.True(f.Ledger.Commit("stream", 950).Replayed);
        Assert.Equal((UInt128)1_150, f.State.ChargedCumulative);
    }

    [Fact]
    public void A_late_commit_never_charges_beyond_its_voucher_or_past_an_open_reservation()
    {
        var f = Fixture();
        f.Authorize("stream", 1_000, 1_000);
        f.Now += Timeout * 3;

        // The lapsed stream's place is taken by another request whose voucher covers only its own ceiling.
        Assert.True(f.Authorize("other", 400, 400).Succeeded);
        var late = f.Ledger.Commit("stream", 900);

        Assert.Equal(LedgerRejection.ReservationNotFound, late.Rejection);
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);

        // Once the other request is charged, the stream's voucher still covers only what is left of it.
        Assert.True(f.Ledger.Commit("other", 400).Succeeded);
        Assert.Equal(LedgerRejection.ChargeExceedsCeiling, f.Ledger.Commit("stream", 1_001).Rejection);
        Assert.Equal(LedgerRejection.ReservationNotFound, f.Ledger.Commit("stream", 601).Rejection);
        Assert.True(f.Ledger.Commit("stream", 600).Succeeded);
        Assert.Equal((UInt128)1_000, f.State.ChargedCumulative);
        Assert.True(f.State.ChargedCumulative <= f.State.HighestVoucher!.MaxClaimableAmount);
    }

    [Fact]
    public void A_late_commit_cannot_charge_escrow_that_has_left_the_channel()
    {
        var f = Fixture();
        f.Authorize("stream", 1_000, 1_000);
        f.Now += Timeout * 3;
        f.Ledger.ExpireReservations(f.Now);

        // A refund took all but 300 back to the payer meanwhile.
        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(300, 0, 0, 0, 1, Block: 5), f.Now);

        Assert.Equal(LedgerRejection.ReservationNotFound, f.Ledger.Commit("stream", 301).Rejection);
        Assert.True(f.Ledger.Commit("stream", 300).Succeeded);
    }

    [Fact]
    public void A_renewal_that_comes_after_a_lapse_reopens_the_reservation_when_nothing_took_its_place()
    {
        var f = Fixture();
        f.Authorize("stream", 1_000, 1_000);
        f.Now += Timeout * 2;

        Assert.True(f.Ledger.Renew("stream", f.Now).Succeeded);

        Assert.Single(f.State.Reservations);
        Assert.Equal(LedgerRejection.ChannelBusy, f.Authorize("other", 500, 500).Rejection);
        Assert.True(f.Ledger.Commit("stream", 1_000).Succeeded);
    }

    [Fact]
    public void A_voided_lapsed_reservation_cannot_be_committed_afterwards()
    {
        var f = Fixture();
        f.Authorize("stream", 1_000, 1_000);
        f.Now += Timeout * 2;
        f.Ledger.ExpireReservations(f.Now);

        Assert.True(f.Ledger.Void("stream").Succeeded);

        Assert.Equal(LedgerRejection.ReservationNotFound, f.Ledger.Commit("stream", 10).Rejection);
        Assert.Empty(f.State.LapsedReservations);
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
    }

    private static LedgerFixture Fixture() =>
        new(balance: 10_000, new ChannelLedgerOptions { ReservationTimeout = Timeout });
}
