using System.Net;
using Billing.Cli.LocalChain;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Formats;

namespace Billing.IntegrationTests.Agent;

/// <summary>The agent SDK against the real server: it never pays beyond what its owner allowed.</summary>
[Collection(LocalChainCollection.Name)]
public sealed class SpendCapTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-caps-").FullName;
    private LocalServer _server = null!;
    private FundedChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _channel = await chain.OpenChannelAsync(deposit: 100_000, payerKeyIndex: 5);
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));
    }

    [Fact]
    public async Task A_price_above_the_per_request_cap_is_declined_and_nothing_is_charged()
    {
        using var agent = Agent(new SpendLimits { PerRequest = Price - 1, AllowedAssets = [chain.Deployment.Token], AllowedNetworks = [Network] });

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune")));

        await AssertChargedAsync(0);
    }

    [Fact]
    public async Task The_daily_cap_stops_payments_once_reached()
    {
        using var agent = Agent(new SpendLimits { PerRequest = Price, PerDay = 3 * Price, AllowedAssets = [chain.Deployment.Token], AllowedNetworks = [Network] });
        for (var i = 0; i < 3; i++)
        {
            using var paid = await agent.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune")));

        await AssertChargedAsync(3 * Price);
    }

    [Fact]
    public async Task An_asset_the_owner_did_not_allow_is_never_paid()
    {
        using var agent = Agent(new SpendLimits { PerRequest = Price, AllowedAssets = ["0x0000000000000000000000000000000000000001"], AllowedNetworks = [Network] });

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => agent.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune")));

        await AssertChargedAsync(0);
    }

    private string Network => Caip2.FormatEip155(chain.Deployment.ChainId);

    private HttpClient Agent(SpendLimits limits)
    {
        var options = new PayerOptions
        {
            SettlementContract = Billing.Evm.Address.Parse(chain.Deployment.BatchSettlement),
            Limits = limits,
            ChannelSalt = _channel.Config.Salt,
        };
        return new HttpClient(new X402PaymentHandler(_channel.Payer, options) { InnerHandler = new HttpClientHandler() });
    }

    private async Task AssertChargedAsync(ulong expected)
    {
        using var operatorApi = new OperatorClient(_server);
        var view = await operatorApi.ChannelAsync(_channel.Id);
        Assert.Equal(expected, view is null ? 0UL : ulong.Parse(view.ChargedCumulative, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(_channel.Id)).TotalClaimed);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
