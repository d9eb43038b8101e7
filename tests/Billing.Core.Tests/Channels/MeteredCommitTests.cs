using Billing.Core.Channels;
using Billing.Core.Pricing;
using CsCheck;

namespace Billing.Core.Tests.Channels;

public sealed class MeteredCommitTests
{
    // 0.15 atomic units per token, as $0.15 per million tokens on a 6-decimal asset.
    private static readonly SubUnits PerToken = new(150_000);

    [Fact]
    public void A_million_tokens_at_a_sub_atomic_price_bill_exactly_however_they_are_split_into_requests()
    {
        Gen.Int[1, 40_000].List[1, 200].Sample(sizes =>
        {
            var f = new LedgerFixture(balance: 1_000_000);
            var remaining = 1_000_000UL;
            var i = 0;
            foreach (var size in sizes)
            {
                var tokens = Math.Min((ulong)size, remaining);
                remaining -= tokens;
                Assert.True(MeteredPay(f, $"r{i++}", tokens).Succeeded);
            }

            if (remaining > 0)
            {
                Assert.True(MeteredPay(f, $"r{i}", remaining).Succeeded);
            }

            Assert.Equal((UInt128)150_000, f.State.ChargedCumulative);
            Assert.Equal(UInt128.Zero, f.State.CarriedSubUnits);
        }, iter: 2_000);
    }

    [Fact]
    public void The_remainder_is_carried_not_lost_and_not_billed_early()
    {
        var f = new LedgerFixture(balance: 10_000);

        MeteredPay(f, "r1", 3);   // 0.45 units
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
        Assert.Equal((UInt128)450_000, f.State.CarriedSubUnits);

        MeteredPay(f, "r2", 4);   // 0.45 + 0.60 = 1.05 units
        Assert.Equal(UInt128.One, f.State.ChargedCumulative);
        Assert.Equal((UInt128)50_000, f.State.CarriedSubUnits);
    }

    [Fact]
    public void A_replayed_metered_commit_moves_money_once_and_a_different_one_is_refused()
    {
        var f = new LedgerFixture(balance: 10_000);
        MeteredPay(f, "r1", 10);
        var charged = f.State.ChargedCumulative;
        var carried = f.State.CarriedSubUnits;

        var replay = f.Ledger.CommitMetered("r1", PerToken * 10);
        var conflict = f.Ledger.CommitMetered("r1", PerToken * 11);

        Assert.True(replay.Replayed);
        Assert.Equal(LedgerRejection.RequestIdConflict, conflict.Rejection);
        Assert.Equal(charged, f.State.ChargedCumulative);
        Assert.Equal(carried, f.State.CarriedSubUnits);
    }

    [Fact]
    public void A_metered_charge_above_the_ceiling_is_refused_and_the_carry_is_untouched()
    {
        var f = new LedgerFixture(balance: 10_000);
        f.Authorize("r1", 2, 2);

        var outcome = f.Ledger.CommitMetered("r1", SubUnits.FromAtomic(2) + new SubUnits(1));

        Assert.Equal(LedgerRejection.ChargeExceedsCeiling, outcome.Rejection);
        Assert.Equal(UInt128.Zero, f.State.ChargedCumulative);
        Assert.Equal(UInt128.Zero, f.State.CarriedSubUnits);
    }

    private static LedgerOutcome MeteredPay(LedgerFixture f, string requestId, ulong tokens)
    {
        // The ceiling covers the worst case rounded up, as the voucher must.
        var exact = PerToken * tokens;
        var ceiling = (exact.Value + SubUnits.PerAtomicUnit - 1) / SubUnits.PerAtomicUnit + 1;
        var authorized = f.Authorize(requestId, f.State.ChargedCumulative + ceiling, ceiling);
        return authorized.Succeeded ? f.Ledger.CommitMetered(requestId, exact) : authorized;
    }
}
