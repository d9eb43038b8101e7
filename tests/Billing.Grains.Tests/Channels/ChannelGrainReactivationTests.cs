using Billing.Abstractions.Channels;
using Billing.Abstractions.Usage;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>
/// An active channel keeps its usage in memory only once (not again in the state it writes); what it wrote must still
/// come back whole after the activation is collected.
/// </summary>
[Collection(SqliteGrainCluster.Collection)]
public sealed class ChannelGrainReactivationTests(SqliteGrainCluster cluster)
{
    [Fact]
    public async Task Usage_charges_and_terms_survive_the_activation_being_collected()
    {
        using var channel = cluster.OpenChannel(1_000_000);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        await Succeeds(grain.Authorize(channel.Pay("req-1", 300, 300)));
        await Succeeds(grain.Commit("req-1", 120));
        await Succeeds(grain.Authorize(channel.Pay("req-2", 120 + 500, 500)));
        var metered = new MeteredCharge(250_500_000, "model-a", new UsageMessage(1, InputTokens: 40, OutputTokens: 7));
        await Succeeds(grain.CommitMetered("req-2", metered));
        var window = (From: cluster.Clock.GetUtcNow().AddDays(-1), To: cluster.Clock.GetUtcNow().AddDays(1));
        var usageBefore = await grain.GetUsage(window.From, window.To);
        Assert.Equal(2, usageBefore.Count);

        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Empty(await cluster.ActivationsOf(grain));

        var usageAfter = await grain.GetUsage(window.From, window.To);
        Assert.Equal(usageBefore, usageAfter);
        var view = Assert.IsType<ChannelView>(await grain.GetView());
        Assert.Equal((UInt128)370, view.ChargedCumulative);

        // The same terms again are accepted after reactivation; a replayed commit charges nothing more.
        var replay = await Succeeds(grain.Commit("req-1", 120));
        Assert.Equal((UInt128)120, replay.Charged);
        await Succeeds(grain.Authorize(channel.Pay("req-3", 370 + 100, 100)));
        Assert.Equal((UInt128)470, ViewOf(await Succeeds(grain.Commit("req-3", 100))).ChargedCumulative);
    }
}
