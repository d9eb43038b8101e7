using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// The settlement contract is shared by every receiver. Anyone can open channels on it for anyone; the chain watcher must
/// not turn each of them into state of ours (a stored row per channel), only the channels payments introduced to us.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ForeignChannelsGetNoStateTests(LocalChainFixture chain) : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-foreign-").FullName;
    private LocalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, 1_000));

    [Fact]
    public async Task Channels_of_other_receivers_on_the_shared_contract_leave_no_row()
    {
        var ours = await chain.OpenChannelAsync(deposit: 10_000, payerKeyIndex: 6);
        await AgentPayments.PayAsync(chain, _server, ours, times: 1);

        // A stranger's channel, to another receiver, opened and funded on chain.
        var stranger = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[7]);
        var foreign = new ChannelConfig(
            stranger.Address, stranger.Address, PrivateKey.Generate().Address, chain.ReceiverAuthorizer.Address,
            Address.Parse(chain.Deployment.Token), 900, LocalChainFixture.RandomSalt());
        var foreignId = await ChannelFunding.OpenAsync(chain.Rpc, chain.Deployment, chain.Minter, stranger, foreign, 5_000);

        // A top-up of ours after it: once our grain has it, the watcher has delivered everything up to the foreign deposit.
        await ChannelFunding.OpenAsync(chain.Rpc, chain.Deployment, chain.Minter, ours.Payer, ours.Config, 5_000);
        using var operatorApi = new OperatorClient(_server);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await operatorApi.ChannelAsync(ours.Id))?.Balance != "15000" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal("15000", (await operatorApi.ChannelAsync(ours.Id))?.Balance);
        Assert.Equal(1, await RowsAsync(ours.Id)); // the count sees a followed channel's row
        Assert.Equal(0, await RowsAsync(foreignId));
    }

    private async Task<long> RowsAsync(Hash32 channelId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataFolder, "billing.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString = 'key:' || @id";
        command.Parameters.AddWithValue("@id", channelId.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
