using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Settlement;

/// <summary>A claim row that would revert is left out and reported; the rest of the batch is still claimed.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class ClaimPreSimulationTests(LocalChainFixture chain) : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-presim-").FullName;
    private LocalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price: 1_000));

    [Fact]
    public async Task A_channel_drained_before_its_claim_is_reported_and_the_others_are_claimed()
    {
        var healthy = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 6);
        var drained = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 6);
        await AgentPayments.PayAsync(chain, _server, healthy, times: 3);
        await AgentPayments.PayAsync(chain, _server, drained, times: 2);

        // The drained channel's escrow leaves before its claim: all of it refunded on chain (nothing was claimed yet).
        var authorizer = await TransactionSender.CreateAsync(chain.Rpc, chain.ReceiverAuthorizer);
        var refund = await authorizer.SendAndWaitAsync(new TransactionRequest(
            Address.Parse(chain.Deployment.BatchSettlement), BatchSettlementContract.EncodeRefund(drained.Config, 50_000)));
        Assert.True(refund.Succeeded);

        using var operatorApi = new OperatorClient(_server);
        var report = await operatorApi.SettleAsync();

        Assert.Contains(report.Problems, p => p.Contains(drained.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal((UInt128)3_000, (await chain.Contract.GetChannelAsync(healthy.Id)).TotalClaimed);
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(drained.Id)).TotalClaimed);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
