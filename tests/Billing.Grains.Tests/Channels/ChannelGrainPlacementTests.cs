using Billing.Abstractions.Channels;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>
/// A channel's ledger does not depend on where its grain lives or who calls it: the client and code in either silo see one
/// ledger, also after the activation moves, and a channel whose silo stops or dies resumes elsewhere from what storage holds.
/// </summary>
public abstract class ChannelGrainPlacementTests(GrainCluster cluster)
{
    private static readonly UInt128 Deposit = 1_000_000;
    private static readonly UInt128 Price = 1_000;

    [Fact]
    public async Task Client_and_both_silos_drive_one_ledger_wherever_the_activation_lives()
    {
        using var channel = cluster.OpenChannel(Deposit);
        var silos = cluster.ActiveSilos;
        Assert.Equal(2, silos.Count);
        IGrainFactory[] callers = [cluster.Client, cluster.GrainFactoryOf(silos[0]), cluster.GrainFactoryOf(silos[1])];
        var grain = Grain(cluster.Client, channel);
        var charged = UInt128.Zero;
        var lastVoucher = UInt128.Zero;

        for (var i = 0; i < 2 * callers.Length; i++)
        {
            if (i == callers.Length)
            {
                // Halfway, move the activation to the other silo: callers keep their references and the ledger its totals.
                var host = Assert.Single(await cluster.ActivationsOf(grain));
                var target = silos.Single(silo => !silo.SiloAddress.Equals(host)).SiloAddress;
                await cluster.Cluster.MigrateAsync(grain, target);
                Assert.Equal(target, Assert.Single(await cluster.ActivationsOf(grain)));
            }

            // Authorize through one caller and commit through the next, so every pair of calls crosses callers.
            var requestId = $"req-{i}";
            var charge = (UInt128)(100 + i);
            lastVoucher = charged + Price;
            await Succeeds(Grain(callers[i % callers.Length], channel).Authorize(channel.Pay(requestId, lastVoucher, Price)));
            var committed = await Succeeds(Grain(callers[(i + 1) % callers.Length], channel).Commit(requestId, charge));
            charged += charge;
            Assert.Equal(charged, ViewOf(committed).ChargedCumulative);
        }

        var views = await Task.WhenAll(callers.Select(caller => Grain(caller, channel).GetView().AsTask()));
        Assert.All(views, view => SameView(views[0]!, view));
        Assert.Equal(charged, views[0]!.ChargedCumulative);
        Assert.Equal(lastVoucher, views[0]!.SignedMaxClaimable);
        Assert.Single(await cluster.ActivationsOf(grain));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Channel_whose_silo_goes_away_resumes_on_another_from_storage(bool crash)
    {
        using var channel = cluster.OpenChannel(Deposit);
        var grain = Grain(cluster.Client, channel);
        var charged = UInt128.Zero;
        UInt128 charge = 300;
        ChannelView? acknowledged = null;
        for (var i = 0; i < 3; i++)
        {
            await Succeeds(grain.Authorize(channel.Pay($"req-{i}", charged + Price, Price)));
            acknowledged = ViewOf(await Succeeds(grain.Commit($"req-{i}", charge)));
            charged += charge;
        }

        Assert.NotNull(acknowledged);

        // Held only in the activation's memory: a reservation is not a charge and is not written.
        await Succeeds(grain.Authorize(channel.Pay("req-open", charged + Price, Price)));

        var host = Assert.Single(await cluster.ActivationsOf(grain));
        var silo = cluster.ActiveSilos.Single(candidate => candidate.SiloAddress.Equals(host));
        await (crash ? cluster.Cluster.KillSiloAsync(silo) : cluster.Cluster.StopSiloAsync(silo));
        try
        {
            var view = await grain.GetView();

            var newHost = Assert.Single(await cluster.ActivationsOf(grain));
            Assert.NotEqual(host, newHost);
            SameView(acknowledged, view);

            // The ledger came from storage, not from the dead activation: the open reservation is gone and charges nothing.
            var orphan = await grain.Commit("req-open", Price);
            Assert.Equal(PaymentRejection.ReservationNotFound, orphan.Rejection);
            Assert.Equal(charged, ViewOf(orphan).ChargedCumulative);

            // The request records came back with it: a retried commit is a replay, not a second charge.
            var replayed = await Succeeds(grain.Commit("req-2", charge));
            Assert.Equal(charge, replayed.Charged);
            Assert.Equal(charged, ViewOf(replayed).ChargedCumulative);

            // And the next voucher continues from the stored total.
            await Succeeds(grain.Authorize(channel.Pay("req-3", charged + Price, Price)));
            var committed = await Succeeds(grain.Commit("req-3", 50));
            Assert.Equal(charged + 50, ViewOf(committed).ChargedCumulative);
            Assert.Equal(charged + Price, ViewOf(committed).SignedMaxClaimable);
        }
        finally
        {
            // The collection's other tests expect two silos.
            await cluster.Cluster.StartAdditionalSiloAsync();
            await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        }
    }

    private static IChannelGrain Grain(IGrainFactory caller, TestChannel channel) => caller.GetGrain<IChannelGrain>(channel.Id);
}

[Collection(SqliteGrainCluster.Collection)]
public sealed class SqliteChannelGrainPlacementTests(SqliteGrainCluster cluster) : ChannelGrainPlacementTests(cluster);

[Collection(PostgreSqlGrainCluster.Collection)]
public sealed class PostgreSqlChannelGrainPlacementTests(PostgreSqlGrainCluster cluster) : ChannelGrainPlacementTests(cluster);
