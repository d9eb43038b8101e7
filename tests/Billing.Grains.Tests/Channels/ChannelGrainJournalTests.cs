using Billing.Abstractions.Channels;
using Billing.Abstractions.Usage;
using Billing.Core.Journal;
using Billing.Grains.Tests.Infrastructure;
using static Billing.Grains.Tests.Infrastructure.PaymentAssert;

namespace Billing.Grains.Tests.Channels;

/// <summary>The charge journal follows the channel grain's durability mode: written before the answer, or with the flush.</summary>
[Collection(SqliteGrainCluster.Collection)]
public sealed class StrictChannelGrainJournalTests(SqliteGrainCluster cluster)
{
    [Fact]
    public async Task Each_charge_is_journaled_before_its_commit_is_answered_and_a_replay_adds_no_row()
    {
        using var channel = cluster.OpenChannel(1_000_000);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        await Succeeds(grain.Authorize(channel.Pay("req-1", 300, 300)));
        var before = cluster.Clock.GetUtcNow();
        await Succeeds(grain.Commit("req-1", 120));
        var after = cluster.Clock.GetUtcNow();

        var afterFirst = await JournalOf(cluster, channel);
        var row = Assert.Single(afterFirst);
        Assert.Equal((channel.Id, "req-1", ChargeKind.Call, (UInt128)120, (UInt128)120), (row.ChannelId, row.RequestId, row.Kind, row.Amount, row.CumulativeCharged));
        Assert.InRange(row.ChargedAt, before, after); // the grain's clock at the commit

        // The same commit again is answered from the ledger and must not journal a second charge.
        var replay = await Succeeds(grain.Commit("req-1", 120));
        Assert.Equal((UInt128)120, replay.Charged);
        Assert.Single(await JournalOf(cluster, channel));

        var voucher = channel.Pay("req-2", 120 + 500, 500);
        await Succeeds(grain.Authorize(voucher));
        var metered = new MeteredCharge(250_500_000, "model-a", new UsageMessage(1, InputTokens: 40, CachedInputTokens: 2, OutputTokens: 7, ReasoningTokens: 3));
        await Succeeds(grain.CommitMetered("req-2", metered));

        var rows = await JournalOf(cluster, channel);
        Assert.Equal(2, rows.Count);

        // The record carries what recovery needs: its place in the channel's order, the voucher a claim collects with, the
        // request's own voucher and ceiling, its exact charge and the carry it left.
        var expected = new ChargeRecord(channel.Id, "req-2", ChargeKind.Metered, 250, 370, rows[1].ChargedAt, "model-a", 42, 10)
        {
            Sequence = 2,
            VoucherAmount = 620,
            VoucherSignature = Convert.ToHexStringLower(voucher.Signature),
            SignedMaxClaimable = 620,
            Ceiling = 500,
            ExactSubUnits = 250_500_000,
            CarriedSubUnits = 500_000,
        };
        Assert.Equal(expected, rows[1]);
        Assert.Equal(1, rows[0].Sequence);
    }

    [Fact]
    public async Task A_request_id_reused_after_the_ledger_forgot_it_still_journals_its_charge()
    {
        using var channel = cluster.OpenChannel(10_000_000);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        UInt128 charged = 0;
        async Task PayAsync(string requestId)
        {
            await Succeeds(grain.Authorize(channel.Pay(requestId, charged + 10, 10)));
            charged += (await Succeeds(grain.Commit(requestId, 10))).Charged;
        }

        await PayAsync("reused-id");

        // More requests than the ledger remembers (512 by default): the first id is forgotten, so a payer may use it again.
        for (var i = 0; i < 512; i++)
        {
            await PayAsync($"filler-{i}");
        }

        await PayAsync("reused-id");

        // What must not happen: an acknowledged charge without its journal row (reconciliation's journal_mismatch).
        var rows = await JournalOf(cluster, channel);
        Assert.Equal(charged, rows.Aggregate(UInt128.Zero, (sum, row) => sum + row.Amount));
        Assert.Equal(2, rows.Count(row => row.RequestId == "reused-id"));
    }

    [Fact]
    public async Task A_charge_that_rounds_to_zero_reads_back_after_the_charge_before_it_so_the_running_sum_holds()
    {
        using var channel = cluster.OpenChannel(1_000_000);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        await Succeeds(grain.Authorize(channel.Pay("z-call", 100, 100)));
        await Succeeds(grain.Commit("z-call", 40));

        // A small embeddings call at $0.02 per million tokens: a fraction of a unit, charged as 0 at the same position.
        // Its request id sorts before the call's; read by request id it would come first at a position nothing reached yet.
        await Succeeds(grain.Authorize(channel.Pay("a-embedding", 40 + 10, 10)));
        var zero = await Succeeds(grain.CommitMetered("a-embedding", new MeteredCharge(20_000, "embed", new UsageMessage(1, InputTokens: 1_000))));
        Assert.Equal(UInt128.Zero, zero.Charged);

        var rows = await JournalOf(cluster, channel);
        Assert.Equal(["z-call", "a-embedding"], rows.Select(row => row.RequestId));
        var sum = UInt128.Zero;
        foreach (var row in rows)
        {
            sum += row.Amount;
            Assert.Equal(sum, row.CumulativeCharged);
        }
    }

    internal static async Task<List<ChargeRecord>> JournalOf(GrainCluster cluster, TestChannel channel)
    {
        var rows = new List<ChargeRecord>();
        await foreach (var row in cluster.Journal.ReadChannelAsync(channel.Id))
        {
            rows.Add(row);
        }

        return rows;
    }
}

[Collection(WindowedSqliteGrainCluster.Collection)]
public sealed class WindowedChannelGrainJournalTests(WindowedSqliteGrainCluster cluster)
{
    [Fact]
    public async Task Charges_inside_the_window_are_not_written_on_the_hot_path_and_land_together_with_the_flush()
    {
        using var channel = cluster.OpenChannel(1_000_000);
        var grain = cluster.Client.GetGrain<IChannelGrain>(channel.Id);
        UInt128 charged = 0;
        for (var i = 1; i <= 3; i++)
        {
            await Succeeds(grain.Authorize(channel.Pay($"req-{i}", charged + 300, 300)));
            charged += (await Succeeds(grain.Commit($"req-{i}", 300))).Charged;
        }

        // 900 acknowledged, within the 1,000 window: nothing written yet, neither state nor journal.
        Assert.Empty(await StrictChannelGrainJournalTests.JournalOf(cluster, channel));

        // The fourth charge would leave 1,200 unwritten: it is written before its answer, with the three before it.
        await Succeeds(grain.Authorize(channel.Pay("req-4", charged + 300, 300)));
        charged += (await Succeeds(grain.Commit("req-4", 300))).Charged;
        var rows = await StrictChannelGrainJournalTests.JournalOf(cluster, channel);
        Assert.Equal(["req-1", "req-2", "req-3", "req-4"], rows.Select(r => r.RequestId));
        Assert.Equal([(UInt128)300, 600, 900, 1_200], rows.Select(r => r.CumulativeCharged));

        // A charge inside the next window waits for the flush that GetDurableView (what reconciliation calls) forces.
        await Succeeds(grain.Authorize(channel.Pay("req-5", charged + 300, 300)));
        await Succeeds(grain.Commit("req-5", 100));
        Assert.Equal(4, (await StrictChannelGrainJournalTests.JournalOf(cluster, channel)).Count);

        var view = await grain.GetDurableView();

        var flushed = await StrictChannelGrainJournalTests.JournalOf(cluster, channel);
        Assert.Equal(5, flushed.Count);
        Assert.Equal(view!.ChargedCumulative, flushed[^1].CumulativeCharged);
        Assert.Equal(view.ChargedCumulative, flushed.Aggregate(UInt128.Zero, (sum, r) => sum + r.Amount));
    }
}
