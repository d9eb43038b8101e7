using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Client.Channels;
using Billing.Client.Payments;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Agent;

/// <summary>
/// The SDK against the real server and chain: a payer with tokens and no channel opens one by ERC-3009 deposit on its
/// first request, tops it up when the escrow runs out, and takes the unspent escrow back on demand.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ChannelDepositTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private const ulong Minted = 1_000_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-agent-").FullName;
    private readonly string _storeFolder = Directory.CreateTempSubdirectory("billing-agent-store-").FullName;

    // A generated key: it needs tokens only (the server sends the deposits), and no other test can touch its balance.
    private readonly PrivateKey _payer = PrivateKey.Generate();
    private LocalServer _server = null!;

    /// <summary>The payer's tokens when the test starts: its deposits and refunds are measured against this.</summary>
    private System.Numerics.BigInteger _tokens;

    private Uri Fortune => new(_server.BaseAddress, "/v1/fortune");

    public async Task InitializeAsync()
    {
        await AgentSetup.MintAsync(chain, [_payer.Address], Minted);
        _tokens = await AgentSetup.TokenBalanceAsync(chain, _payer.Address);
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));
    }

    [Fact]
    public async Task The_first_request_opens_the_channel_with_an_erc3009_deposit_and_a_restarted_agent_deposits_nothing_new()
    {
        var options = AgentSetup.Options(chain, Price, maxDeposit: 10 * Price);
        var channelId = chain.Domain.ChannelId(AgentSetup.Channel(chain, _payer.Address, options.ChannelSalt));

        using (var agent = Agent(options, new FilePayerChannelStore(_storeFolder)))
        using (var paid = await agent.GetAsync(Fortune))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        // The server's minimum deposit (10 × price) went into the channel, from the payer's tokens, and one request was charged.
        Assert.Equal((UInt128)(10 * Price), (await chain.Contract.GetChannelAsync(channelId)).Balance);
        Assert.Equal(_tokens - (10 * Price), await AgentSetup.TokenBalanceAsync(chain, _payer.Address));
        Assert.Equal(new PayerChannel(Price, Price, 10 * Price), await new FilePayerChannelStore(_storeFolder).GetAsync(channelId, CancellationToken.None));

        using (var restarted = Agent(options, new FilePayerChannelStore(_storeFolder)))
        {
            for (var i = 0; i < 2; i++)
            {
                using var paid = await restarted.GetAsync(Fortune);
                Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            }
        }

        Assert.Equal((UInt128)(10 * Price), (await chain.Contract.GetChannelAsync(channelId)).Balance);
        Assert.Equal(3 * Price, await ChargedAsync(channelId));
    }

    [Fact]
    public async Task When_the_escrow_runs_out_the_agent_tops_the_channel_up()
    {
        // Deposits capped at the server's minimum (ten requests' worth): the eleventh request must top up.
        var options = AgentSetup.Options(chain, Price, maxDeposit: 10 * Price);
        var channelId = chain.Domain.ChannelId(AgentSetup.Channel(chain, _payer.Address, options.ChannelSalt));
        using var agent = Agent(options);

        for (var i = 0; i < 11; i++)
        {
            using var paid = await agent.GetAsync(Fortune);
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        Assert.Equal((UInt128)(20 * Price), (await chain.Contract.GetChannelAsync(channelId)).Balance);
        Assert.Equal(_tokens - (20 * Price), await AgentSetup.TokenBalanceAsync(chain, _payer.Address));
        Assert.Equal(11 * Price, await ChargedAsync(channelId));
    }

    [Fact]
    public async Task A_refund_returns_the_unspent_escrow_and_the_charges_stay_claimed()
    {
        var options = AgentSetup.Options(chain, Price, maxDeposit: 10 * Price);
        var channelId = chain.Domain.ChannelId(AgentSetup.Channel(chain, _payer.Address, options.ChannelSalt));
        var store = new InMemoryPayerChannelStore();
        using var handler = new X402PaymentHandler(_payer, options, store) { InnerHandler = new HttpClientHandler() };
        using var agent = new HttpClient(handler);
        for (var i = 0; i < 3; i++)
        {
            using var paid = await agent.GetAsync(Fortune);
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        var refunds = await handler.RefundAsync(Fortune);

        var refund = Assert.Single(refunds);
        Assert.Equal(channelId, refund.ChannelId);
        Assert.Equal((UInt128)(7 * Price), refund.Amount);
        Assert.Equal(66, refund.Transaction.Length);
        var onChain = await chain.Contract.GetChannelAsync(channelId);
        Assert.Equal((UInt128)(3 * Price), onChain.TotalClaimed);
        Assert.Equal((UInt128)(3 * Price), onChain.Balance);
        Assert.Equal(_tokens - (3 * Price), await AgentSetup.TokenBalanceAsync(chain, _payer.Address));
        Assert.Null(await store.GetAsync(channelId, CancellationToken.None));

        // Nothing is left: a second refund moves nothing, and the spent part is never taken back.
        Assert.Empty(await handler.RefundAsync(Fortune));
        Assert.Equal((UInt128)(3 * Price), (await chain.Contract.GetChannelAsync(channelId)).TotalClaimed);
        Assert.Equal(_tokens - (3 * Price), await AgentSetup.TokenBalanceAsync(chain, _payer.Address));

        // What was claimed is the receiver's to collect.
        Assert.True(await AgentSetup.SettleReceiverAsync(chain) >= 3 * Price);
    }

    private HttpClient Agent(PayerOptions options, IPayerChannelStore? store = null) =>
        new(new X402PaymentHandler(_payer, options, store) { InnerHandler = new HttpClientHandler() });

    private async Task<ulong> ChargedAsync(Hash32 channelId)
    {
        using var operatorApi = new OperatorClient(_server);
        var view = await operatorApi.ChannelAsync(channelId);
        return view is null ? 0UL : ulong.Parse(view.ChargedCumulative, CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _payer.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
        Directory.Delete(_storeFolder, recursive: true);
    }
}
