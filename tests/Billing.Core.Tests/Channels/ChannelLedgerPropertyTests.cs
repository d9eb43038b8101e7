using Billing.Core.Channels;
using CsCheck;

namespace Billing.Core.Tests.Channels;

/// <summary>
/// Random operation sequences against the ledger's invariants: no sequence charges beyond a signed voucher or the escrow,
/// over-commits a reservation, or moves money twice for one request id.
/// </summary>
public sealed class ChannelLedgerPropertyTests
{
    private enum Op
    {
        Authorize,
        Commit,
        Void,
        Expire,
        TopUp,
        Claim,
    }

    private sealed record Step(Op Op, int Request, int Amount, int Skew, int Concurrency);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, 7], Gen.Int[0, 3_000], Gen.Int[-2, 2], Gen.Int[1, 3],
            (op, request, amount, skew, concurrency) => new Step(op, request, amount, skew, concurrency));

    [Fact]
    public void Invariants_hold_for_any_sequence_of_operations()
    {
        Gen.Select(StepGen.Array[1, 60], Gen.Int[1, 3], Gen.Bool)
            .Sample((steps, maxOpen, catchUp) => Run(steps, maxOpen, catchUp), iter: 10_000);
    }

    private static void Run(Step[] steps, int maxOpen, bool catchUp)
    {
        var options = new ChannelLedgerOptions
        {
            MaxOpenReservations = maxOpen,
            ReservationTimeout = TimeSpan.FromSeconds(10),
        };
        var f = new LedgerFixture(balance: 20_000, options);
        if (catchUp)
        {
            f.Ledger.AllowCatchUp(1_000);
        }

        var committedOnce = new Dictionary<string, UInt128>();
        var block = 2UL;

        foreach (var step in steps)
        {
            var id = $"r{step.Request}";
            switch (step.Op)
            {
                case Op.Authorize:
                    var ceiling = (UInt128)step.Amount;
                    var expected = f.State.ChargedCumulative + f.State.OpenCeilings() + ceiling;
                    var signed = step.Skew switch
                    {
                        < 0 when expected > 0 => expected - 1,
                        2 => expected + 500,
                        _ => expected,
                    };
                    var before = f.State.ChargedCumulative;
                    var authorized = f.Authorize(id, signed, ceiling);
                    if (!authorized.Succeeded)
                    {
                        Assert.Equal(before, f.State.ChargedCumulative);
                    }

                    break;
                case Op.Commit:
                    var charge = (UInt128)(step.Amount / 2);
                    var chargedBefore = f.State.ChargedCumulative;
                    var committed = f.Ledger.Commit(id, charge);
                    if (committed.Succeeded && !committed.Replayed)
                    {
                        Assert.False(committedOnce.ContainsKey(id), $"{id} moved money twice");
                        committedOnce[id] = charge;
                        Assert.Equal(chargedBefore + charge, f.State.ChargedCumulative);
                    }
                    else
                    {
                        Assert.Equal(chargedBefore, f.State.ChargedCumulative);
                    }

                    break;
                case Op.Void:
                    var voidBefore = f.State.ChargedCumulative;
                    f.Ledger.Void(id);
                    Assert.Equal(voidBefore, f.State.ChargedCumulative);
                    break;
                case Op.Expire:
                    f.Now += TimeSpan.FromSeconds(step.Amount % 20);
                    f.Ledger.ExpireReservations(f.Now);
                    break;
                case Op.TopUp:
                    var chain = f.State.Chain;
                    f.Ledger.SyncFromChain(
                        new OnChainChannelSnapshot(chain.Balance + (UInt128)step.Amount, chain.TotalClaimed, 0, 0, 0, block++), f.Now);
                    break;
                case Op.Claim:
                    // Settlement claims exactly what was charged.
                    var c = f.State.Chain;
                    f.Ledger.SyncFromChain(new OnChainChannelSnapshot(c.Balance, f.State.ChargedCumulative, 0, 0, 0, block++), f.Now);
                    break;
            }

            AssertInvariants(f, committedOnce);
        }
    }

    private static void AssertInvariants(LedgerFixture f, Dictionary<string, UInt128> committedOnce)
    {
        var s = f.State;
        if (s.HighestVoucher is { } highest)
        {
            Assert.True(s.ChargedCumulative <= highest.MaxClaimableAmount, "charged exceeds the highest signed voucher");
            Assert.True(highest.MaxClaimableAmount <= s.Chain.Balance, "a voucher above the escrow was accepted");
        }
        else
        {
            Assert.Equal(s.Counters.CaughtUp, s.ChargedCumulative);
        }

        // Whatever order open reservations commit in, at their ceilings, some voucher we hold covers the result.
        var covered = s.HighestVoucher?.MaxClaimableAmount ?? UInt128.Zero;
        foreach (var reservation in s.Reservations)
        {
            covered = UInt128.Max(covered, reservation.SignedMaxClaimable);
        }

        Assert.True(s.ChargedCumulative + s.OpenCeilings() <= covered || s.Reservations.Count == 0,
            "open reservations over-commit the vouchers held");

        var committed = UInt128.Zero;
        foreach (var charge in committedOnce.Values)
        {
            committed += charge;
        }

        Assert.Equal(committed + s.Counters.CaughtUp, s.ChargedCumulative);
        Assert.True(s.Chain.TotalClaimed <= s.ChargedCumulative, "claimed more than was charged");
    }
}
