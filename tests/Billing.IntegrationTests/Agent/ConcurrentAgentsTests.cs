using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Client.Channels;
using Billing.Client.Payments;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Agent;

/// <summary>
/// Issue 6: "our C# SDK pays our server with 20 agents concurrently". Twenty payers with generated keys (tokens only,
/// no gas: the server sends their deposits) each open a channel and pay at the same time; and one payer spreads its own
/// concurrent requests over several salted channels instead of queueing them.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ConcurrentAgentsTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private const int RequestsPerAgent = 3;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-agents-").FullName;
    private LocalServer _server = null!;

    private Uri Fortune => new(_server.BaseAddress, "/v1/fortune");

    // The agents' deposits are capped at five requests' worth, so the server's minimum deposit is set to match.
    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = new Dictionary<string, string?> { ["Payment:MinDepositMultiplier"] = "5" },
        });

    [Fact]
    public async Task Twenty_agents_open_channels_and_pay_concurrently()
    {
        var payers = Enumerable.Range(0, 20).Select(_ => PrivateKey.Generate()).ToList();
        try
        {
            await AgentSetup.MintAsync(chain, payers.Select(p => p.Address), 100_000);
            var agents = payers.Select(payer => (Payer: payer, Options: AgentSetup.Options(chain, Price, maxDeposit: 5 * Price))).ToList();

            var statuses = await Task.WhenAll(agents.Select(async agent =>
            {
                using var client = new HttpClient(new X402PaymentHandler(agent.Payer, agent.Options) { InnerHandler = new HttpClientHandler() });
                var codes = new List<HttpStatusCode>();
                for (var i = 0; i < RequestsPerAgent; i++)
                {
                    using var response = await client.GetAsync(Fortune);
                    codes.Add(response.StatusCode);
                }

                return codes;
            }));

            Assert.All(statuses.SelectMany(codes => codes), code => Assert.Equal(HttpStatusCode.OK, code));
            using var operatorApi = new OperatorClient(_server);
            foreach (var (payer, options) in agents)
            {
                var channelId = chain.Domain.ChannelId(AgentSetup.Channel(chain, payer.Address, options.ChannelSalt));
                Assert.Equal((UInt128)(5 * Price), (await chain.Contract.GetChannelAsync(channelId)).Balance);
                var view = await operatorApi.ChannelAsync(channelId);
                Assert.Equal(RequestsPerAgent * Price, ulong.Parse(view!.ChargedCumulative, CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            payers.ForEach(payer => payer.Dispose());
        }
    }

    [Fact]
    public async Task One_agent_spreads_concurrent_requests_over_salted_channels_and_refunds_them_all()
    {
        const int Channels = 4;
        const int Requests = 12;
        using var payer = PrivateKey.Generate();
        await AgentSetup.MintAsync(chain, [payer.Address], 100_000);
        var options = AgentSetup.Options(chain, Price, maxDeposit: 5 * Price);
        options.Concurrency = ConcurrencyMode.SpreadOverChannels(Channels);
        var store = new InMemoryPayerChannelStore();
        using var handler = new X402PaymentHandler(payer, options, store) { InnerHandler = new HttpClientHandler() };
        using var agent = new HttpClient(handler);
        var receiverBefore = await AgentSetup.TokenBalanceAsync(chain, chain.Receiver.Address);

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var response = await agent.GetAsync(Fortune);
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        using var operatorApi = new OperatorClient(_server);
        var charged = new Dictionary<Hash32, ulong>();
        for (var lane = 0; lane < Channels; lane++)
        {
            var salt = lane == 0 ? options.ChannelSalt : Keccak256.Hash([.. options.ChannelSalt.AsSpan(), .. new byte[28], 0, 0, 0, (byte)lane]);
            var channelId = chain.Domain.ChannelId(AgentSetup.Channel(chain, payer.Address, salt));
            if (await operatorApi.ChannelAsync(channelId) is { } view)
            {
                charged[channelId] = ulong.Parse(view.ChargedCumulative, CultureInfo.InvariantCulture);
                Assert.Equal(charged[channelId], (ulong)(await store.GetAsync(channelId, CancellationToken.None))!.ChargedCumulative);
            }
        }

        // The requests really were spread (not queued on one channel), and the channels together charged every request once.
        Assert.InRange(charged.Count, 2, Channels);
        Assert.Equal(Requests * Price, charged.Values.Aggregate(0UL, (sum, value) => sum + value));

        // A lane that spent its whole deposit has nothing to refund (the payee answers refund_no_balance): how the
        // concurrent requests spread over the lanes decides which lanes those are, so read it from the chain.
        var refundable = new List<string>();
        foreach (var (channelId, total) in charged)
        {
            if ((await chain.Contract.GetChannelAsync(channelId)).Balance > total)
            {
                refundable.Add(channelId.ToString());
            }
        }

        var refunds = await handler.RefundAsync(Fortune);

        Assert.NotEmpty(refundable);
        Assert.Equal(
            refundable.Order(StringComparer.Ordinal),
            refunds.Select(r => r.ChannelId.ToString()).Order(StringComparer.Ordinal));
        foreach (var refund in refunds)
        {
            var onChain = await chain.Contract.GetChannelAsync(refund.ChannelId);
            Assert.Equal((UInt128)charged[refund.ChannelId], onChain.TotalClaimed);
            Assert.Equal(onChain.TotalClaimed, onChain.Balance);
            Assert.Null(await store.GetAsync(refund.ChannelId, CancellationToken.None));
        }

        // The lanes with nothing to refund are claimed by settlement, not by a refund: after a run every lane is claimed
        // to the unit, and the receiver got every request's price whichever path (refund, settlement run, the server's
        // own scheduled sweep) moved it. The receiver is shared with the other tests of the chain, hence at least.
        var settlement = await operatorApi.SettleAsync();
        Assert.Empty(settlement.Problems);
        foreach (var (channelId, total) in charged)
        {
            Assert.Equal((UInt128)total, (await chain.Contract.GetChannelAsync(channelId)).TotalClaimed);
        }

        await AgentSetup.SettleReceiverAsync(chain);
        Assert.True(await AgentSetup.TokenBalanceAsync(chain, chain.Receiver.Address) - receiverBefore >= Requests * Price);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
