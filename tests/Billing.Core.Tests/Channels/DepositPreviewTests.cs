using Billing.Core.Channels;

namespace Billing.Core.Tests.Channels;

/// <summary>
/// The ledger's verdict on a voucher that travels with a deposit, given before the deposit is sent: the same rules as an
/// authorization, against the balance the deposit would make, and nothing reserved or charged.
/// </summary>
public sealed class DepositPreviewTests
{
    [Fact]
    public void A_voucher_the_pending_deposit_covers_passes_and_nothing_is_reserved_or_remembered()
    {
        var f = new LedgerFixture(balance: 0);

        var outcome = Preview(f, "r1", signed: 1_000, ceiling: 1_000, deposit: 10_000);

        Assert.True(outcome.Succeeded);
        Assert.Empty(f.State.Reservations);
        Assert.Empty(f.State.Requests);
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
        Assert.Equal(0UL, f.State.Counters.Authorized);
    }

    [Fact]
    public void A_stale_voucher_is_refused_whatever_deposit_comes_with_it()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", ceiling: 1_000, charge: 1_000);

        var outcome = Preview(f, "r2", signed: 1_000, ceiling: 1_000, deposit: 10_000);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, outcome.Rejection);
        Assert.Equal((UInt128)1_000, f.State.ChargedCumulative);
    }

    [Fact]
    public void A_voucher_beyond_the_balance_plus_the_deposit_is_refused_and_one_within_it_passes()
    {
        var f = new LedgerFixture(balance: 1_000);
        f.Pay("r1", ceiling: 1_000, charge: 1_000);

        Assert.Equal(LedgerRejection.CumulativeExceedsBalance, Preview(f, "r2", signed: 2_000, ceiling: 1_000, deposit: 999).Rejection);
        Assert.True(Preview(f, "r2", signed: 2_000, ceiling: 1_000, deposit: 1_000).Succeeded);

        // The authorization itself still needs the deposit to have landed.
        Assert.Equal(LedgerRejection.CumulativeExceedsBalance, f.Authorize("r2", 2_000, 1_000).Rejection);
    }

    [Fact]
    public void A_voucher_the_open_reservations_make_stale_is_refused()
    {
        var f = new LedgerFixture(balance: 10_000, new ChannelLedgerOptions { MaxOpenReservations = 4 });
        Assert.True(f.Authorize("open", 1_000, 1_000).Succeeded);

        Assert.Equal(LedgerRejection.CumulativeAmountMismatch, Preview(f, "r2", signed: 1_000, ceiling: 1_000, deposit: 10_000).Rejection);
        Assert.True(Preview(f, "r2", signed: 2_000, ceiling: 1_000, deposit: 10_000).Succeeded);
    }

    [Fact]
    public void A_payment_seen_before_gets_the_answer_of_a_copy_so_no_second_deposit_is_sent_for_it()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Pay("r1", ceiling: 1_000, charge: 1_000);

        Assert.Equal(LedgerRejection.RequestAlreadyRedeemed, Preview(f, "r1", signed: 1_000, ceiling: 1_000, deposit: 10_000).Rejection);
        Assert.Equal(LedgerRejection.RequestIdConflict, Preview(f, "r1", signed: 2_000, ceiling: 1_000, deposit: 10_000).Rejection);
    }

    [Fact]
    public void A_catch_up_the_voucher_implies_is_accepted_but_adopted_only_by_the_authorization()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Ledger.AllowCatchUp(5_000);

        Assert.True(Preview(f, "r1", signed: 3_000, ceiling: 1_000, deposit: 10_000).Succeeded);
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);

        Assert.True(f.Authorize("r1", 3_000, 1_000).Succeeded);
        Assert.Equal((UInt128)2_000, f.State.ChargedCumulative);
    }

    [Fact]
    public void A_deposit_that_would_overflow_the_balance_does_not_wrap_it()
    {
        var f = new LedgerFixture(balance: 10_000);

        Assert.Equal(LedgerRejection.None, Preview(f, "r1", signed: 1_000, ceiling: 1_000, deposit: UInt128.MaxValue).Rejection);
    }

    private static LedgerOutcome Preview(LedgerFixture f, string requestId, UInt128 signed, UInt128 ceiling, UInt128 deposit) =>
        f.Ledger.Preview(new VoucherAuthorization(requestId, signed, LedgerFixture.AnySignature, ceiling), deposit, f.Now);
}
