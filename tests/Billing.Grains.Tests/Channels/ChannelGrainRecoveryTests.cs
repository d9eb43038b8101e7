using Billing.Abstractions.Channels;
using Billing.Abstractions.Usage;
using Billing.Core.Channels;
using Billing.Grains.Channels;
using Billing.Grains.Storage;
using Billing.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>
/// Strict durability acknowledges a charge once its charge log record is committed, writes the grain state only as a
/// snapshot behind the log, and a channel whose silo dies comes back from snapshot + log with nothing acknowledged lost.
/// </summary>
public abstract class ChannelGrainRecoveryTests(GrainCluster cluster)
{
    private static readonly UInt128 Deposit = 10_000_000;

    [Fact]
    public async Task Charges_are_acknowledged_on_the_log_alone_and_a_crash_restores_them_with_their_voucher_and_replays()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        await Succeeds(grain.Authorize(channel.Pay("req-1", 300, 300)));
        await Succeeds(grain.Commit("req-1", 120));
        var metered = new MeteredCharge(250_500_000, "model-a", new UsageMessage(1, InputTokens: 40, OutputTokens: 7));
        var meteredVoucher = channel.Pay("req-2", 120 + 500, 500);
        await Succeeds(grain.Authorize(meteredVoucher));
        await Succeeds(grain.CommitMetered("req-2", metered));
        await Succeeds(grain.Authorize(channel.Pay("req-3", 370 + 100, 100)));
        var acknowledged = ViewOf(await Succeeds(grain.Commit("req-3", 0)));
        Assert.Equal((UInt128)370, acknowledged.ChargedCumulative);

        // What must not happen on the charge path: a grain-state write per charge. The only state written so far is the
        // snapshot the first authorization started (the channel's terms), without any charge or open reservation in it.
        var stored = await StoredStateAsync(grain);
        Assert.NotNull(stored.Terms);
        Assert.Equal((0L, UInt128.Zero), (stored.LogSequence, stored.ChargedCumulative));
        Assert.Empty(stored.Reservations);

        await CrashHostAsync(grain, async () =>
        {
            SameView(acknowledged, await grain.GetView());

            // The claim collects with the highest voucher (the metered request's 620, above the last one's 470), restored
            // with its signature from the log.
            var claim = Assert.IsType<ClaimCandidate>(await grain.GetClaimCandidate());
            Assert.Equal(((UInt128)620, (UInt128)370), (claim.SignedMaxClaimable, claim.ChargedCumulative));
            Assert.Equal(meteredVoucher.Signature, claim.Signature);

            // Paid requests stay paid: presenting one again is refused as redeemed, committing again charges nothing more.
            var again = await grain.Authorize(meteredVoucher);
            Assert.Equal(PaymentRejection.RequestAlreadyRedeemed, again.Rejection);
            var recommitted = await Succeeds(grain.CommitMetered("req-2", metered));
            Assert.Equal(((UInt128)250, (UInt128)370), (recommitted.Charged, ViewOf(recommitted).ChargedCumulative));

            // The carried half unit survived: half a unit more makes one.
            await Succeeds(grain.Authorize(channel.Pay("req-4", 370 + 10, 10)));
            var next = await Succeeds(grain.CommitMetered("req-4", new MeteredCharge(500_000, "model-a", new UsageMessage(1, InputTokens: 1))));
            Assert.Equal(((UInt128)1, (UInt128)371), (next.Charged, ViewOf(next).ChargedCumulative));
        });
    }

    [Fact]
    public async Task A_snapshot_is_written_behind_every_so_many_charges_never_ahead_of_the_log_and_a_crash_after_it_loses_nothing()
    {
        var every = new ChannelGrainOptions().SnapshotEveryCharges;
        using var channel = cluster.OpenChannel(Deposit);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        ChannelView? acknowledged = null;
        UInt128 charged = 0;
        for (var i = 0; i < every + 3; i++)
        {
            await Succeeds(grain.Authorize(channel.Pay($"req-{i}", charged + 20, 20)));
            acknowledged = ViewOf(await Succeeds(grain.Commit($"req-{i}", (UInt128)(1 + (i % 7)))));
            charged = acknowledged.ChargedCumulative;
        }

        var stored = await PollAsync(() => StoredStateAsync(grain), state => state.LogSequence >= every);

        // The snapshot reflects exactly the log up to its sequence: never a charge the log does not hold.
        var rows = await StrictChannelGrainJournalTests.JournalOf(cluster, channel);
        Assert.Equal(every + 3, rows.Count);
        var atSnapshot = rows.Single(row => row.Sequence == stored.LogSequence);
        Assert.Equal(atSnapshot.CumulativeCharged, stored.ChargedCumulative);
        Assert.True(stored.ChargedCumulative <= charged);

        await CrashHostAsync(grain, async () => SameView(acknowledged!, await grain.GetView()));
    }

    private async Task<ChannelLedgerState> StoredStateAsync(IChannelGrain grain)
    {
        var services = cluster.Cluster.GetSiloServiceProvider(cluster.ActiveSilos[0].SiloAddress);
        var storage = services.GetRequiredKeyedService<IGrainStorage>(BillingStorageNames.Channels);
        var state = new GrainState<ChannelLedgerState>(new ChannelLedgerState());
        await storage.ReadStateAsync(ChannelGrain.StateName, grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException("The storage returned no state.");
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "The snapshot was not written in time.");
            await Task.Delay(20);
        }
    }

    /// <summary>Kills the silo holding the grain (no deactivation, nothing flushed), runs the checks, then restores two silos.</summary>
    private async Task CrashHostAsync(IChannelGrain grain, Func<Task> afterCrash)
    {
        var host = Assert.Single(await cluster.ActivationsOf(grain));
        var silo = cluster.ActiveSilos.Single(candidate => candidate.SiloAddress.Equals(host));
        await cluster.Cluster.KillSiloAsync(silo);
        try
        {
            await afterCrash();
            Assert.NotEqual(host, Assert.Single(await cluster.ActivationsOf(grain)));
        }
        finally
        {
            // The collection's other tests expect two silos.
            await cluster.Cluster.StartAdditionalSiloAsync();
            await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        }
    }
}

[Collection(SqliteGrainCluster.Collection)]
public sealed class SqliteChannelGrainRecoveryTests(SqliteGrainCluster cluster) : ChannelGrainRecoveryTests(cluster);

[Collection(PostgreSqlGrainCluster.Collection)]
public sealed class PostgreSqlChannelGrainRecoveryTests(PostgreSqlGrainCluster cluster) : ChannelGrainRecoveryTests(cluster);
