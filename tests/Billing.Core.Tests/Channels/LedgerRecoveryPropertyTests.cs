using Billing.Core.Channels;
using Billing.Core.Journal;
using Billing.Core.Pricing;
using CsCheck;

namespace Billing.Core.Tests.Channels;

/// <summary>
/// Recovery = snapshot + the charge log records after it. For random charge sequences and any cut (a snapshot taken after
/// any record, any prefix of the records after it durable), the restored ledger equals the ledger as it was right after the
/// last durable record: never behind an acknowledged charge, never ahead of one that was not logged.
/// </summary>
public sealed class LedgerRecoveryPropertyTests
{
    private enum Op
    {
        Call,
        Metered,
        Void,
        CatchUp,
    }

    private sealed record Step(Op Op, int Ceiling, int Charge);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, 2_000], Gen.Int[0, 2_000_000_000], (op, ceiling, charge) => new Step(op, ceiling, charge));

    [Fact]
    public void Snapshot_plus_replay_equals_the_ledger_at_the_cut_for_any_cut()
    {
        Gen.Select(StepGen.Array[1, 40], Gen.Int[0, 1_000], Gen.Int[0, 1_000])
            .Sample((steps, snapshotPick, durablePick) => Check(steps, snapshotPick, durablePick), iter: 5_000);
    }

    [Fact]
    public void Records_already_in_the_snapshot_change_nothing_when_replayed_again()
    {
        var run = Run([new Step(Op.Call, 100, 40), new Step(Op.Metered, 500, 123_456_789), new Step(Op.Call, 10, 0)]);
        var restored = run.States[^1].Copy();
        var ledger = new ChannelLedger(restored, new ChannelLedgerOptions());

        Assert.All(run.Records, record => Assert.False(ledger.Restore(record)));
        AssertSameLedger(run.States[^1], restored);
    }

    [Fact]
    public void A_snapshot_from_before_records_had_sequences_does_not_count_its_rows_twice()
    {
        var run = Run([new Step(Op.Call, 100, 40), new Step(Op.Call, 100, 60), new Step(Op.Call, 100, 0), new Step(Op.Call, 100, 5)]);

        // Written by an earlier version: it reflects the first three charges (total 100) but records no sequence, and the
        // migrated rows are numbered from 1.
        var legacy = run.States[3].Copy();
        legacy.LogSequence = 0;
        var ledger = new ChannelLedger(legacy, new ChannelLedgerOptions());
        foreach (var record in run.Records)
        {
            ledger.Restore(record);
        }

        Assert.Equal((UInt128)105, legacy.ChargedCumulative);
        Assert.Equal(4, legacy.LogSequence);
    }

    private static void Check(Step[] steps, int snapshotPick, int durablePick)
    {
        var run = Run(steps);
        var n = run.Records.Count;
        var snapshotAt = snapshotPick % (n + 1);
        var durableTo = snapshotAt + (durablePick % (n - snapshotAt + 1));

        var restored = run.States[snapshotAt].Copy();
        var ledger = new ChannelLedger(restored, new ChannelLedgerOptions());

        // Every durable record is read, as activation reads them: those the snapshot reflects must change nothing.
        foreach (var record in run.Records.Take(durableTo))
        {
            ledger.Restore(record);
        }

        var expected = run.States[durableTo];
        AssertSameLedger(expected, restored);

        // Never behind what was acknowledged: every durable charge is in the total.
        var acknowledged = run.Records.Take(durableTo).Aggregate(run.States[0].ChargedCumulative, (sum, r) => sum + r.Amount);
        Assert.Equal(acknowledged, restored.ChargedCumulative);

        // A committed request presented again is recognised as paid for, not run a second time.
        if (run.Records.Take(durableTo).LastOrDefault(r => r.Kind != ChargeKind.CatchUp) is { } last)
        {
            var replay = ledger.Authorize(new VoucherAuthorization(last.RequestId, last.SignedMaxClaimable, Signature(0), last.Ceiling), Now);
            Assert.Equal(LedgerRejection.RequestAlreadyRedeemed, replay.Rejection);
            Assert.Equal(last.Amount, replay.Charged);
        }
    }

    private static void AssertSameLedger(ChannelLedgerState expected, ChannelLedgerState actual)
    {
        Assert.Equal(expected.LogSequence, actual.LogSequence);
        Assert.Equal(expected.ChargedCumulative, actual.ChargedCumulative);
        Assert.Equal(expected.CarriedSubUnits, actual.CarriedSubUnits);
        Assert.Equal(expected.HighestVoucher?.MaxClaimableAmount, actual.HighestVoucher?.MaxClaimableAmount);
        Assert.Equal(expected.HighestVoucher?.Signature, actual.HighestVoucher?.Signature);
        Assert.Equal(expected.Counters.Committed, actual.Counters.Committed);
        Assert.Equal(expected.Counters.CaughtUp, actual.Counters.CaughtUp);
        foreach (var (id, request) in expected.Requests.Where(pair => pair.Value.Stage == RequestStage.Committed))
        {
            Assert.True(actual.Requests.TryGetValue(id, out var restored), $"{id} was committed but is not remembered");
            Assert.Equal(
                (request.Stage, request.Charged, request.ExactSubUnits, request.SignedMaxClaimable, request.Ceiling),
                (restored.Stage, restored.Charged, restored.ExactSubUnits, restored.SignedMaxClaimable, restored.Ceiling));
        }

        // A committed request holds no reservation any more, whatever the snapshot held for it.
        Assert.DoesNotContain(actual.Reservations, reservation =>
            actual.Requests.TryGetValue(reservation.RequestId, out var request) && request.Stage == RequestStage.Committed);
    }

    /// <summary>
    /// Drives a ledger as the channel grain does: authorize, then commit (logging the record) or void; a payer's voucher
    /// above the expected amount restores a lost tail, which is logged as a catch-up. States[k] is the ledger right after
    /// record k (States[0]: before any).
    /// </summary>
    private static (List<ChargeRecord> Records, List<ChannelLedgerState> States) Run(IReadOnlyList<Step> steps)
    {
        var f = new LedgerFixture(balance: 10_000_000_000);
        var records = new List<ChargeRecord>();
        var states = new List<ChannelLedgerState> { f.State.Copy() };
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var id = $"req-{i}";
            var ceiling = (UInt128)step.Ceiling;
            var signed = f.State.ChargedCumulative + ceiling;
            if (step.Op == Op.CatchUp)
            {
                // A payer that saw more acknowledged than the ledger holds (a write-behind loss) signs on its own total.
                f.Ledger.AllowCatchUp(1_000);
                signed += (UInt128)(step.Charge % 1_000) + 1;
            }

            var chargedBefore = f.State.ChargedCumulative;
            if (!f.Ledger.Authorize(new VoucherAuthorization(id, signed, Signature(i + 1), ceiling), f.Now).Succeeded)
            {
                continue;
            }

            if (f.State.ChargedCumulative > chargedBefore)
            {
                Log(f.Ledger.LogCharge(id, ChargeKind.CatchUp, f.State.ChargedCumulative - chargedBefore, f.Now));
            }

            switch (step.Op)
            {
                case Op.Void:
                    f.Ledger.Void(id);
                    break;
                case Op.Metered:
                    // Exact charges within the ceiling, most of them fractions of a unit apart, so the carry moves.
                    var exact = new SubUnits((UInt128)step.Charge % (SubUnits.FromAtomic(ceiling).Value + 1));
                    var metered = f.Ledger.CommitMetered(id, exact);
                    Assert.True(metered.Succeeded);
                    Log(f.Ledger.LogCharge(id, ChargeKind.Metered, metered.Charged, f.Now, "model", 10, 20));
                    break;
                default:
                    var call = f.Ledger.Commit(id, (UInt128)(step.Charge % (step.Ceiling + 1)));
                    Assert.True(call.Succeeded);
                    Log(f.Ledger.LogCharge(id, ChargeKind.Call, call.Charged, f.Now));
                    break;
            }
        }

        return (records, states);

        void Log(ChargeRecord record)
        {
            records.Add(record);
            states.Add(f.State.Copy());
        }
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Signature(int seed) => [.. Enumerable.Range(0, 65).Select(b => (byte)(b + seed))];
}
