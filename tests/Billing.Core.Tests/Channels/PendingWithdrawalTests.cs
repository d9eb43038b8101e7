using Billing.Core.Channels;

namespace Billing.Core.Tests.Channels;

/// <summary>
/// A payer who started a withdrawal can take min(pending, balance − claimed) once its delay has passed. Vouchers that spend
/// that escrow are accepted only while a claim of them can still land first; what the withdrawal leaves stays spendable.
/// </summary>
public sealed class PendingWithdrawalTests
{
    private const ulong Delay = 900;
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    [Fact]
    public void Far_from_the_deadline_the_whole_balance_is_spendable()
    {
        var f = Fixture(out var requestedAt);
        f.Now = At(requestedAt + 60);

        Assert.True(f.Authorize("r1", 9_000, 9_000).Succeeded);
    }

    [Fact]
    public void Within_the_margin_only_what_the_withdrawal_leaves_can_be_spent()
    {
        var f = Fixture(out var requestedAt);
        f.Now = At(requestedAt + Delay - (ulong)Margin.TotalSeconds);

        var beyond = f.Authorize("r1", 4_001, 4_001);
        var within = f.Authorize("r2", 4_000, 4_000);

        Assert.Equal(LedgerRejection.WithdrawalPending, beyond.Rejection);
        Assert.True(within.Succeeded);
        Assert.Equal((UInt128)4_000, f.Ledger.SpendableCeiling(f.Now));
    }

    [Fact]
    public void The_deadline_is_judged_by_the_chain_clock_when_it_runs_ahead_of_ours()
    {
        var f = Fixture(out var requestedAt);
        f.Now = At(requestedAt + 10);

        // The chain's newest block is already past the margin (block time jumped ahead of the wall clock).
        f.Ledger.SyncFromChain(
            new OnChainChannelSnapshot(10_000, 0, 6_000, requestedAt, 0, Block: 9, ChainTime: requestedAt + Delay - 60), f.Now);

        Assert.Equal(LedgerRejection.WithdrawalPending, f.Authorize("r1", 5_000, 5_000).Rejection);
    }

    [Fact]
    public void Claims_made_during_the_delay_raise_what_stays_spendable()
    {
        var f = Fixture(out var requestedAt);
        f.Now = At(requestedAt + Delay);
        f.Pay("r1", 4_000, 4_000);

        // Settlement claimed the 4,000: finalizing now pays min(6,000, 10,000 − 4,000) = 6,000 and leaves 4,000, all claimed.
        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(10_000, 4_000, 6_000, requestedAt, 0, Block: 10), f.Now);
        Assert.Equal(LedgerRejection.WithdrawalPending, f.Authorize("r2", 4_001, 1).Rejection);

        // A withdrawal of less than what is unclaimed leaves the rest spendable.
        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(10_000, 4_000, 1_000, requestedAt, 0, Block: 11), f.Now);
        Assert.True(f.Authorize("r3", 5_000, 1_000).Succeeded);
    }

    [Fact]
    public void A_withdrawal_learnt_from_its_event_counts_from_when_it_was_initiated()
    {
        var f = new LedgerFixture(balance: 10_000, new ChannelLedgerOptions { WithdrawalClaimMargin = Margin });
        f.State.Terms = new ChannelTerms("p", "p", "r", "r", "t", Delay, "s");
        var finalizeAfter = (ulong)f.Now.ToUnixTimeSeconds() + 200;

        f.Ledger.Apply(new ChannelChainEvent(new(2, 0), ChannelChainEventKind.WithdrawInitiated, 6_000, finalizeAfter), f.Now);

        Assert.Equal(LedgerRejection.WithdrawalPending, f.Authorize("r1", 4_001, 4_001).Rejection);
        Assert.True(f.Authorize("r2", 4_000, 4_000).Succeeded);
    }

    private static LedgerFixture Fixture(out ulong requestedAt)
    {
        var f = new LedgerFixture(balance: 10_000, new ChannelLedgerOptions { WithdrawalClaimMargin = Margin });
        f.State.Terms = new ChannelTerms("p", "p", "r", "r", "t", Delay, "s");
        requestedAt = (ulong)f.Now.ToUnixTimeSeconds();
        f.Ledger.SyncFromChain(new OnChainChannelSnapshot(10_000, 0, 6_000, requestedAt, 0, Block: 2, ChainTime: requestedAt), f.Now);
        return f;
    }

    private static DateTimeOffset At(ulong unixSeconds) => DateTimeOffset.FromUnixTimeSeconds((long)unixSeconds);
}
