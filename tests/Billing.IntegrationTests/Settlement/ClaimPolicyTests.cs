using Billing.Abstractions.Channels;
using Billing.Abstractions.Settlement;
using Billing.Server.Settlement;

namespace Billing.IntegrationTests.Settlement;

/// <summary>When a channel that owes is claimed: at the threshold, past the maximum age, at once on a withdrawal.</summary>
public sealed class ClaimPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SettlementOptions Options = new() { ClaimThreshold = 10_000, MaxAge = TimeSpan.FromMinutes(10) };

    [Fact]
    public void A_small_young_claim_waits()
    {
        Assert.Null(ClaimPolicy.Evaluate(Candidate(charged: 9_999), Entry(age: TimeSpan.FromMinutes(9)), Now, Options, force: false));
    }

    [Fact]
    public void Unclaimed_charges_at_the_threshold_are_claimed()
    {
        Assert.Equal(ClaimTrigger.Threshold, ClaimPolicy.Evaluate(Candidate(charged: 15_000, claimed: 5_000), Entry(TimeSpan.Zero), Now, Options, false));
        Assert.Null(ClaimPolicy.Evaluate(Candidate(charged: 14_999, claimed: 5_000), Entry(TimeSpan.Zero), Now, Options, false));
    }

    [Fact]
    public void A_charge_older_than_the_maximum_age_is_claimed_whatever_its_amount()
    {
        Assert.Equal(ClaimTrigger.Age, ClaimPolicy.Evaluate(Candidate(charged: 1), Entry(TimeSpan.FromMinutes(10)), Now, Options, false));
    }

    [Fact]
    public void A_pending_withdrawal_is_claimed_at_once_whether_the_shard_or_the_chain_mirror_says_so()
    {
        Assert.Equal(ClaimTrigger.Withdrawal, ClaimPolicy.Evaluate(Candidate(charged: 1), Entry(TimeSpan.Zero, urgent: true), Now, Options, false));
        Assert.Equal(ClaimTrigger.Withdrawal, ClaimPolicy.Evaluate(Candidate(charged: 1, withdrawRequestedAt: 1_700_000_000), Entry(TimeSpan.Zero), Now, Options, force: true));
    }

    [Fact]
    public void A_forced_run_claims_anything_owed_but_never_a_channel_that_owes_nothing()
    {
        Assert.Equal(ClaimTrigger.Forced, ClaimPolicy.Evaluate(Candidate(charged: 1), Entry(TimeSpan.Zero), Now, Options, force: true));
        Assert.Null(ClaimPolicy.Evaluate(Candidate(charged: 500, claimed: 500), Entry(TimeSpan.FromDays(1), urgent: true), Now, Options, force: true));
    }

    private static ClaimCandidate Candidate(ulong charged, ulong claimed = 0, ulong withdrawRequestedAt = 0) => new(
        "0x" + new string('a', 64),
        new ChannelConfigMessage("0x1", "0x1", "0x2", "0x3", "0x4", 900, "0x" + new string('0', 64)),
        charged,
        [],
        charged,
        claimed,
        withdrawRequestedAt);

    private static SettlementShardEntry Entry(TimeSpan age, bool urgent = false) => new("0x" + new string('a', 64), Now - age, urgent);
}
