using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.Server.Reconciliation;

namespace Billing.IntegrationTests.Reconciliation;

/// <summary>
/// Reconciliation over a store changed behind the engine's back (rows deleted directly in the SQLite file): the damage must
/// be reported as an error, never repaired or averaged away.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class TamperedStoreTests(LocalChainFixture chain)
{
    private const ulong Price = 1_000;

    [Fact]
    public async Task A_journal_row_deleted_in_the_database_is_reported_as_a_journal_mismatch()
    {
        await using var store = new SqliteServerStore();
        var channel = await chain.OpenChannelAsync(deposit: 100_000);
        await using var server = await StartServerAsync(store);
        using var reconciliation = new ReconciliationClient(server);
        await AgentPayments.PayAsync(chain, server, channel, 3);
        var id = channel.Id.ToString();
        var second = (await reconciliation.LedgerJsonLinesAsync()).Single(r => r.ChannelId == id && r.CumulativeCharged == "2000");

        var deleted = await store.ExecuteAsync(
            "DELETE FROM BillingChargeJournal WHERE ChannelId = @channel AND RequestId = @request",
            ("@channel", id),
            ("@request", second.RequestId));
        Assert.Equal(1, deleted);

        var report = await reconciliation.ReconcileAsync();

        Assert.False(report.Balanced);
        var mismatch = Assert.Single(report.Discrepancies, d => d.ChannelId == id && d.Kind == DiscrepancyKind.JournalMismatch);
        Assert.False(mismatch.Pending);
        Assert.Equal(("3000", "2000"), (mismatch.Expected, mismatch.Actual));
        Assert.Contains("lacks 1000", mismatch.Detail, StringComparison.Ordinal);
        Assert.Contains("at 3000", mismatch.Detail, StringComparison.Ordinal); // the row after the gap is out of position
        Assert.Equal(new ChannelReconciliation(id, "3000", "2000", 2, "0", "0", 0), Assert.Single(report.Channels, c => c.ChannelId == id));
        Assert.Equal(2, (await reconciliation.LedgerJsonLinesAsync()).Count(r => r.ChannelId == id)); // nothing invented
    }

    [Fact]
    public async Task A_claim_above_what_the_grain_holds_as_charged_is_reported_as_claimed_exceeds_charged()
    {
        await using var store = new SqliteServerStore();
        var channel = await chain.OpenChannelAsync(deposit: 100_000);
        var id = channel.Id.ToString();
        await using (var server = await StartServerAsync(store))
        {
            await AgentPayments.PayAsync(chain, server, channel, 2);
            using var operatorApi = new OperatorClient(server);
            Assert.Single((await operatorApi.SettleAsync()).ClaimTransactions);
        }

        // The channel's ledger state disappears from storage while the server is down; the chain keeps its 2000 claimed.
        var deleted = await store.ExecuteAsync(
            "DELETE FROM OrleansStorage WHERE GrainIdExtensionString = @key AND GrainTypeString LIKE 'channel/%'", ("@key", $"key:{id}"));
        Assert.Equal(1, deleted);

        await using (var restarted = await StartServerAsync(store))
        {
            using var reconciliation = new ReconciliationClient(restarted);
            var report = await reconciliation.ReconcileAsync();

            Assert.False(report.Balanced);
            var serious = Assert.Single(report.Discrepancies, d => d.ChannelId == id && d.Kind == DiscrepancyKind.ClaimedExceedsCharged);
            Assert.Equal(("0", "2000", false), (serious.Expected, serious.Actual, serious.Pending));
            var journal = Assert.Single(report.Discrepancies, d => d.ChannelId == id && d.Kind == DiscrepancyKind.JournalMismatch);
            Assert.Equal(("0", "2000"), (journal.Expected, journal.Actual));
            Assert.DoesNotContain(report.Discrepancies, d => d.ChannelId == id && d.Kind == DiscrepancyKind.Unclaimed);
        }
    }

    private Task<LocalServer> StartServerAsync(ServerStore store) =>
        LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, store.DataFolder, Price));
}
