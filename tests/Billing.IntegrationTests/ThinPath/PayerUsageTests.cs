using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.ThinPath;

/// <summary>Usage per agent: one payer's requests over several channels add up in one report.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class PayerUsageTests(LocalChainFixture chain) : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-payer-usage-").FullName;
    private LocalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price: 1_000));

    [Fact]
    public async Task A_payers_usage_over_two_channels_is_reported_together()
    {
        var first = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        var second = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        await AgentPayments.PayAsync(chain, _server, first, times: 2);
        await AgentPayments.PayAsync(chain, _server, second, times: 3);

        using var operatorApi = new OperatorClient(_server);
        var usage = Assert.Single(await operatorApi.PayerUsageAsync(first.Payer.Address));

        Assert.Equal(5UL, usage.Requests);
        Assert.Equal(5UL, usage.Calls);
        Assert.Equal("5000", usage.Charged);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
