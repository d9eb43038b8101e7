using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Fixtures;
using Billing.Server.Reconciliation;

namespace Billing.IntegrationTests.Reconciliation;

/// <summary>
/// Paid requests on a real anvil chain, settled by the real settlement service, then reconciled: grain, journal and chain
/// agree to the unit, and the exported ledger traces every charge to the claim transaction that is really on chain. Runs
/// once per storage engine (the sealed classes at the end of the file).
/// </summary>
public abstract class ReconciliationTests(LocalChainFixture chain)
{
    private const ulong Price = 1_000;

    protected abstract Task<ServerStore> CreateStoreAsync();

    [Fact]
    public async Task Settled_charges_reconcile_to_the_unit_and_each_ledger_row_names_its_claim_transaction()
    {
        await using var store = await CreateStoreAsync();
        var channel = await chain.OpenChannelAsync(deposit: 100_000);
        await using var server = await StartServerAsync(store);
        using var operatorApi = new OperatorClient(server);
        using var reconciliation = new ReconciliationClient(server);

        await AgentPayments.PayAsync(chain, server, channel, 4);
        var settlement = await operatorApi.SettleAsync();
        var claimTx = Assert.Single(settlement.ClaimTransactions);
        await AgentPayments.PayAsync(chain, server, channel, 2); // charged after the claim: not collected yet

        var report = await reconciliation.ReconcileAsync();

        var id = channel.Id.ToString();
        var row = Assert.Single(report.Channels, c => c.ChannelId == id);
        Assert.Equal(new ChannelReconciliation(id, "6000", "6000", 6, "4000", "4000", 1), row);
        var pending = Assert.Single(report.Discrepancies, d => d.ChannelId == id);
        Assert.Equal(new Discrepancy(DiscrepancyKind.Unclaimed, true, id, "6000", "4000", "2000 charged and not claimed yet."), pending);
        Assert.True(report.Balanced);
        Assert.DoesNotContain(report.Discrepancies, d => !d.Pending);
        Assert.Equal(await chain.Rpc.GetBlockNumberAsync(), report.Block);

        // The ledger: every charge, its position, and the claim that collected it (the first four) or nothing (the last two).
        var csv = Rfc4180.Parse(await reconciliation.LedgerTextAsync("csv"));
        Assert.Equal(LedgerCsv.Header.Split(','), csv[0]);
        var rows = csv.Skip(1).Where(r => r[0] == id).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(6_000UL, rows.Aggregate(0UL, (sum, r) => sum + ulong.Parse(r[3], CultureInfo.InvariantCulture)));
        Assert.Equal(["1000", "2000", "3000", "4000", "5000", "6000"], rows.Select(r => r[4]));
        Assert.All(rows, r => Assert.Equal("call", r[2]));
        Assert.Equal(6, rows.Select(r => r[1]).Distinct().Count());
        Assert.All(rows.Take(4), r => Assert.Equal(claimTx, r[9]));
        Assert.All(rows.Skip(4), r => Assert.Equal(("", ""), (r[9], r[10])));

        // The claim transaction is really on chain, succeeded, and carries this channel's Claimed event up to 4000.
        var receipt = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(claimTx));
        Assert.NotNull(receipt);
        Assert.True(receipt.Succeeded);
        Assert.Equal(receipt.BlockNumber.ToString(CultureInfo.InvariantCulture), rows[0][10]);
        var claimed = Assert.Single(receipt.Logs.Select(ChannelEventDecoder.TryDecode).OfType<ClaimedEvent>(), e => e.ChannelId == channel.Id);
        Assert.Equal((UInt128)4_000, claimed.NewTotalClaimed);

        // JSON lines carry the same rows.
        var lines = (await reconciliation.LedgerJsonLinesAsync()).Where(r => r.ChannelId == id).ToList();
        Assert.Equal(rows.Select(r => (r[1], r[4], r[9])), lines.Select(l => (l.RequestId, l.CumulativeCharged, l.ClaimTransaction)));
        Assert.Equal(receipt.BlockNumber, lines[0].ClaimBlock);
        Assert.Null(lines[5].ClaimBlock);

        // Settle the rest: nothing pending for the channel any more, and the receiver has settled everything it claimed.
        await operatorApi.SettleAsync();
        var settled = await reconciliation.ReconcileAsync();
        Assert.DoesNotContain(settled.Discrepancies, d => d.ChannelId == id);
        Assert.Equal("6000", Assert.Single(settled.Channels, c => c.ChannelId == id).Claimed);
        Assert.Equal(settled.Totals.ReceiverClaimed, settled.Totals.Settled);
        Assert.True(settled.Balanced);
    }

    [Fact]
    public async Task Operator_endpoints_refuse_a_caller_without_the_operator_credential()
    {
        await using var store = await CreateStoreAsync();
        await using var server = await StartServerAsync(store);
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = server.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");

        foreach (var path in new[] { "/operator/reconciliation", "/operator/ledger?format=csv", "/operator/ledger?format=jsonl" })
        {
            using var withoutToken = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            using var withWrongToken = await wrong.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, withWrongToken.StatusCode);
            Assert.DoesNotContain("channel_id", await withoutToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var authorized = new HttpClient { BaseAddress = server.BaseAddress };
        authorized.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
        using var badFormat = await authorized.GetAsync(new Uri("/operator/ledger?format=xml", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
    }

    private Task<LocalServer> StartServerAsync(ServerStore store) =>
        LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, store.DataFolder, Price)
        {
            Overrides = store.Settings,
        });
}

[Collection(LocalChainCollection.Name)]
public sealed class SqliteReconciliationTests(LocalChainFixture chain) : ReconciliationTests(chain)
{
    protected override Task<ServerStore> CreateStoreAsync() => Task.FromResult<ServerStore>(new SqliteServerStore());
}

[Collection(LocalChainCollection.Name)]
public sealed class PostgreSqlReconciliationTests(LocalChainFixture chain) : ReconciliationTests(chain)
{
    protected override async Task<ServerStore> CreateStoreAsync() => await PostgreSqlServerStore.CreateAsync();
}
