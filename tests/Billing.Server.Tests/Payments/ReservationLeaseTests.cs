using System.Reflection;
using Billing.Abstractions.Channels;
using Billing.Server.Payments;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace Billing.Server.Tests.Payments;

/// <summary>
/// Committing a request that has run, through a silo failure meanwhile (fault injection; the end-to-end proof is the
/// cluster kill test): the commit waits for the channel instead of failing, and makes the reservation a new activation
/// never saw again from the request's own voucher, never more than once and never over a refusal.
/// </summary>
public sealed class ReservationLeaseTests
{
    private static readonly VoucherPresentation Presentation = new(
        "request-1", new ChannelConfigMessage("0xpayer", "0xpayer", "0xreceiver", "0xauthorizer", "0xtoken", 900, "0x01"), SignedMaxClaimable: 1_500, Signature: new byte[65], Ceiling: 500);

    private static readonly PaymentDecision Committed = new(PaymentRejection.None, 400, null);
    private static readonly PaymentDecision Lost = new(PaymentRejection.ReservationNotFound, 0, null);
    private static readonly PaymentDecision Reserved = new(PaymentRejection.None, 0, null);

    [Fact]
    public async Task A_channel_unreachable_while_its_silo_is_evicted_is_committed_once_it_answers()
    {
        var channel = FakeChannel.Create(
            commits: [new SiloUnavailableException(), new InvalidOperationException("wrapped", new SiloUnavailableException()), Committed]);

        var decision = await CommitAsync(channel);

        Assert.Equal(Committed, decision);
        Assert.Equal(3, channel.Commits);
        Assert.Equal(0, channel.Authorizations);
    }

    [Fact]
    public async Task A_reservation_lost_with_its_activation_is_reserved_again_from_the_voucher_and_committed()
    {
        var channel = FakeChannel.Create(commits: [Lost, Committed], authorizations: [Reserved]);

        var decision = await CommitAsync(channel);

        Assert.Equal(Committed, decision);
        Assert.Equal(Presentation, Assert.Single(channel.Presented));
    }

    [Fact]
    public async Task A_voucher_the_channel_refuses_again_leaves_the_commit_refused_and_commits_nothing_more()
    {
        var channel = FakeChannel.Create(commits: [Lost], authorizations: [new PaymentDecision(PaymentRejection.CumulativeAmountMismatch, 0, null)]);

        var decision = await CommitAsync(channel);

        // What must not happen: a second commit attempt after the channel refused the voucher, or another answer than the loss.
        Assert.Equal(Lost, decision);
        Assert.Equal(1, channel.Commits);
    }

    [Fact]
    public async Task A_commit_logged_before_the_crash_is_answered_as_its_replay_and_not_reserved_again()
    {
        var replayed = new PaymentDecision(PaymentRejection.None, 400, null);
        var channel = FakeChannel.Create(commits: [new TimeoutException("no response"), replayed]);

        var decision = await CommitAsync(channel);

        Assert.Equal(replayed, decision);
        Assert.Equal(0, channel.Authorizations);
    }

    [Fact]
    public async Task A_refusal_that_is_not_a_lost_reservation_is_returned_as_it_is()
    {
        var exceeds = new PaymentDecision(PaymentRejection.ChargeExceedsCeiling, 0, null);
        var channel = FakeChannel.Create(commits: [exceeds]);

        Assert.Equal(exceeds, await CommitAsync(channel));
        Assert.Equal(0, channel.Authorizations);
    }

    private static async Task<PaymentDecision> CommitAsync(FakeChannel channel)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Billing.Grains.Channels.ChannelGrainOptions());
        var leases = new ReservationLeases(options, new InstantTime(), NullLogger<ReservationLease>.Instance);
        await using var lease = leases.Start(channel.Grain, Presentation);
        return await lease.CommitAsync((grain, id) => grain.Commit(id, 400));
    }

    /// <summary>A clock whose delays end at once, so retries cost the test no time.</summary>
    private sealed class InstantTime : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            base.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period == Timeout.InfiniteTimeSpan ? period : TimeSpan.FromHours(1));
    }

    /// <summary>A channel grain answering Commit and Authorize from scripts (an exception in a script is thrown).</summary>
    public class FakeChannel : DispatchProxy
    {
        private Queue<object> _commits = new();
        private Queue<object> _authorizations = new();

        public IChannelGrain Grain { get; private set; } = null!;

        public int Commits { get; private set; }

        public int Authorizations => Presented.Count;

        public List<VoucherPresentation> Presented { get; } = [];

        public static FakeChannel Create(object[] commits, object[]? authorizations = null)
        {
            var grain = Create<IChannelGrain, FakeChannel>();
            var fake = (FakeChannel)(object)grain;
            fake.Grain = grain;
            fake._commits = new Queue<object>(commits);
            fake._authorizations = new Queue<object>(authorizations ?? []);
            return fake;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod!.Name)
            {
                case nameof(IChannelGrain.Commit):
                    Commits++;
                    return Answer(_commits);
                case nameof(IChannelGrain.Authorize):
                    Presented.Add((VoucherPresentation)args![0]!);
                    return Answer(_authorizations);
                case nameof(IChannelGrain.Renew):
                    return ValueTask.FromResult(new PaymentDecision(PaymentRejection.None, 0, null));
                default:
                    throw new NotSupportedException(targetMethod.Name);
            }
        }

        private static ValueTask<PaymentDecision> Answer(Queue<object> script) =>
            script.Dequeue() switch
            {
                Exception failure => ValueTask.FromException<PaymentDecision>(failure),
                PaymentDecision decision => ValueTask.FromResult(decision),
                var other => throw new InvalidOperationException($"Not an answer: {other}"),
            };
    }
}
