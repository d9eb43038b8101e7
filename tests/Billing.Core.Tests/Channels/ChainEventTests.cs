using Billing.Core.Channels;
using CsCheck;

namespace Billing.Core.Tests.Channels;

public sealed class ChainEventTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Events_move_the_mirror_as_the_contract_does()
    {
        var ledger = NewLedger();

        ledger.Apply(new ChannelChainEvent(new(10, 0), ChannelChainEventKind.Deposited, 5_000), Now);
        ledger.Apply(new ChannelChainEvent(new(11, 2), ChannelChainEventKind.Claimed, 1_200), Now);
        ledger.Apply(new ChannelChainEvent(new(12, 0), ChannelChainEventKind.WithdrawInitiated, 3_000, Time: 10_900), Now);
        ledger.Apply(new ChannelChainEvent(new(13, 1), ChannelChainEventKind.Refunded, 1_000), Now);

        var chain = ledger.State.Chain;
        Assert.Equal((UInt128)4_000, chain.Balance);
        Assert.Equal((UInt128)1_200, chain.TotalClaimed);
        Assert.Equal((UInt128)2_000, chain.PendingWithdrawal);
        Assert.Equal(10_000UL, chain.WithdrawRequestedAt);
        Assert.Equal(1UL, chain.RefundNonce);
        Assert.Equal((UInt128)1_200, ledger.State.ChargedCumulative); // a claim above what we remember was charged

        ledger.Apply(new ChannelChainEvent(new(20, 0), ChannelChainEventKind.WithdrawFinalized, 2_000), Now);
        Assert.Equal((UInt128)2_000, chain.Balance);
        Assert.Equal(UInt128.Zero, chain.PendingWithdrawal);
        Assert.Equal(0UL, chain.WithdrawRequestedAt);
    }

    [Fact]
    public void An_event_a_snapshot_already_reflects_changes_nothing_and_an_older_snapshot_never_overwrites_events()
    {
        var ledger = NewLedger();
        ledger.SyncFromChain(new OnChainChannelSnapshot(5_000, 0, 0, 0, 0, Block: 30), Now);

        Assert.False(ledger.Apply(new ChannelChainEvent(new(30, 4), ChannelChainEventKind.Deposited, 4_000), Now));
        Assert.True(ledger.Apply(new ChannelChainEvent(new(31, 0), ChannelChainEventKind.Deposited, 9_000), Now));

        ledger.SyncFromChain(new OnChainChannelSnapshot(5_000, 0, 0, 0, 0, Block: 30), Now);
        Assert.Equal((UInt128)9_000, ledger.State.Chain.Balance);
    }

    [Fact]
    public void Replayed_and_late_events_change_nothing()
    {
        var eventGen = Gen.Select(Gen.Enum<ChannelChainEventKind>(), Gen.ULong[1, 50_000], Gen.ULong[1_000, 100_000],
            (kind, amount, time) => (kind, amount, time));
        Gen.Select(eventGen.Array[1, 40], Gen.Int[0, 1_000_000].Array[0, 40]).Sample((raw, replayPicks) =>
        {
            // The chain's own order: increasing (block, log index).
            var events = raw.Select((e, i) => new ChannelChainEvent(new((ulong)(i / 3) + 1, (ulong)(i % 3)), e.kind, e.amount, e.time)).ToArray();

            var once = NewLedger();
            foreach (var e in events)
            {
                once.Apply(e, Now);
            }

            // The same events delivered with replays and stale ones mixed in after their turn.
            var noisy = NewLedger();
            var delivered = new List<ChannelChainEvent>();
            for (var i = 0; i < events.Length; i++)
            {
                delivered.Add(events[i]);

                // After event i, re-deliver some of the events 0..i (a replay of the last one, or a late older one).
                foreach (var pick in replayPicks.Skip(i).Take(2))
                {
                    delivered.Add(events[pick % (i + 1)]);
                }
            }

            foreach (var e in delivered)
            {
                noisy.Apply(e, Now);
            }

            AssertSameMirror(once.State, noisy.State);
        }, iter: 10_000);
    }

    private static ChannelLedger NewLedger()
    {
        var state = new ChannelLedgerState
        {
            ChannelId = "0x" + new string('b', 64),
            Terms = new ChannelTerms("0x1", "0x1", "0x2", "0x3", "0x4", 900, "0x0"),
        };
        return new ChannelLedger(state, new ChannelLedgerOptions());
    }

    private static void AssertSameMirror(ChannelLedgerState expected, ChannelLedgerState actual)
    {
        Assert.Equal(expected.Chain.Balance, actual.Chain.Balance);
        Assert.Equal(expected.Chain.TotalClaimed, actual.Chain.TotalClaimed);
        Assert.Equal(expected.Chain.PendingWithdrawal, actual.Chain.PendingWithdrawal);
        Assert.Equal(expected.Chain.WithdrawRequestedAt, actual.Chain.WithdrawRequestedAt);
        Assert.Equal(expected.Chain.RefundNonce, actual.Chain.RefundNonce);
        Assert.Equal(expected.Chain.LastEvent, actual.Chain.LastEvent);
        Assert.Equal(expected.ChargedCumulative, actual.ChargedCumulative);
    }
}
