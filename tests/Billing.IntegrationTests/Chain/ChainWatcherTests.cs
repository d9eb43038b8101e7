using Billing.Cli.LocalChain;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Billing.Server.Operator;

namespace Billing.IntegrationTests.Chain;

/// <summary>
/// The chain watcher follows the contract's events: a top-up or a withdrawal made on chain reaches the channel's grain
/// without any paid request asking for it.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ChainWatcherTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-watcher-").FullName;
    private LocalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));

    [Fact]
    public async Task A_top_up_and_a_withdrawal_on_chain_reach_the_grain_on_their_own()
    {
        var channel = await chain.OpenChannelAsync(deposit: 10_000, payerKeyIndex: 5);
        using var operatorApi = new OperatorClient(_server);

        // One paid request introduces the channel (its config travels with the voucher).
        await AgentPayments.PayAsync(chain, _server, channel, times: 1);

        await EventuallyAsync(operatorApi, channel, view => view.Balance == "10000");

        // A second deposit into the same channel, made on chain by the payer.
        await ChannelFunding.OpenAsync(chain.Rpc, chain.Deployment, chain.Minter, channel.Payer, channel.Config, 5_000);
        await EventuallyAsync(operatorApi, channel, view => view.Balance == "15000");

        // The payer starts a withdrawal: the grain learns when it was requested (settlement must claim before it finalizes).
        var payer = await TransactionSender.CreateAsync(chain.Rpc, channel.Payer);
        var receipt = await payer.SendAndWaitAsync(new TransactionRequest(
            Billing.Evm.Address.Parse(chain.Deployment.BatchSettlement), BatchSettlementContract.EncodeInitiateWithdraw(channel.Config, 2_000)));
        Assert.True(receipt.Succeeded);
        var withdrawing = await EventuallyAsync(operatorApi, channel, view => view.WithdrawRequestedAt != 0);
        Assert.Equal("15000", withdrawing.Balance);
    }

    private static async Task<ChannelReport> EventuallyAsync(OperatorClient operatorApi, FundedChannel channel, Func<ChannelReport, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        ChannelReport? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await operatorApi.ChannelAsync(channel.Id);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The channel never reached the expected state; last seen: {last}");
        return null!;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
