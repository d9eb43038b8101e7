using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.Evm.Transactions;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Reconciliation;
using Billing.Server.Settlement;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Cluster;

/// <summary>
/// Silos that share the server's key take its nonces from one authority in the cluster: deposits, refunds and claims sent
/// from any silo at once each get a nonce no other transaction got, and none is refused or replaced in the pool. (Both
/// silos run in this test's process; that separate processes take turns is what <c>DatabaseLockTests</c> shows.)
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ClusterNonceTests(LocalChainFixture chain)
{
    [Fact]
    public async Task Two_silos_sending_deposits_and_claims_from_the_server_key_at_once_never_sign_two_transactions_with_one_nonce()
    {
        await using var store = await PostgreSqlServerStore.CreateAsync();
        await using var first = await LocalServer.StartAsync(ClusterServers.Settings(chain, store));
        await using var second = await LocalServer.StartAsync(ClusterServers.Settings(chain, store));
        await ClusterServers.WaitUntilFormedAsync(first, second);
        Assert.Equal(2, (await ClusterServers.ActiveAsync(store)).Count);

        // Each silo's deposit and refund sender and its claim sender: one key, four senders, two processes' worth.
        var senders = new[] { first, second }
            .SelectMany(s => new[] { s.Services.GetRequiredService<TransactionSender>(), s.Services.GetRequiredService<SettlementAccount>().Sender })
            .ToArray();
        Assert.Single(senders.Select(s => s.Account).Distinct());
        var start = await chain.Rpc.GetTransactionCountAsync(senders[0].Account, "pending");
        var recipient = new Address(Keccak256.Hash("cluster-nonce"u8).AsSpan()[..20]);

        var signed = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            senders[i % senders.Length].SendAsync(new TransactionRequest(recipient, []) { Value = 1, GasLimit = 21_000 })));

        // What must not happen: one nonce signed twice (the node keeps one; the other request waits for ever), or a gap.
        var nonces = signed.Select(s => RawTransactionDecoder.Decode(s.Raw).Nonce).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 16).Select(i => start + (ulong)i), nonces);
        foreach (var transaction in signed)
        {
            Assert.True((await senders[0].WaitForReceiptAsync(transaction.Hash, timeout: TimeSpan.FromSeconds(30))).Succeeded);
        }
    }
}
