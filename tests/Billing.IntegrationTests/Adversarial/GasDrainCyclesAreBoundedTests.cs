using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Http;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// Every deposit and refund is a transaction whose gas the server pays, while the payer pays nothing. A payer must not be
/// able to make the server send them at will: slivers of refunds are refused, and deposit/refund cycles stop at the
/// channel's budget, with nothing sent.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class GasDrainCyclesAreBoundedTests(LocalChainFixture chain, ITestOutputHelper output) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private const ulong MinDeposit = 10 * Price;
    private const int ChainOperationsPerChannel = 3;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-adversarial-drain-").FullName;
    private readonly HttpClient _http = new();
    private readonly PrivateKey _payer = PrivateKey.Generate();
    private LocalServer _server = null!;
    private ChannelPaymentHeaders _headers = null!;

    public async Task InitializeAsync()
    {
        var minter = await TransactionSender.CreateAsync(chain.Rpc, chain.Minter);
        await minter.SendAndWaitAsync(new TransactionRequest(Address.Parse(chain.Deployment.Token), Erc20Token.EncodeMint(_payer.Address, 10_000_000)));
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = new Dictionary<string, string?>
            {
                ["RateLimits:ChainOperationsPerChannel"] = ChainOperationsPerChannel.ToString(CultureInfo.InvariantCulture),
            },
        });
        using var unpaid = await _http.GetAsync(Fortune);
        _headers = new ChannelPaymentHeaders(chain, X402Responses.PaymentRequired(unpaid).Accepts.Single(), _payer);
    }

    private Uri Fortune => new(_server.BaseAddress, "/v1/fortune");

    [Fact]
    public async Task A_refund_of_a_sliver_is_refused_with_a_reason_and_sends_nothing()
    {
        var config = _headers.NewChannel();
        var channelId = chain.Domain.ChannelId(config);
        using (var opened = await SendAsync(_headers.Deposit(config, Price, MinDeposit)))
        {
            AssertPaid(opened);
        }

        var before = await SenderSpend.ReadAsync(chain);

        using var sliver = await SendAsync(_headers.Refund(config, Price, amount: 1));

        var spent = (await SenderSpend.ReadAsync(chain)).Since(before);
        output.WriteLine($"a refund of 1 unit: {sliver.StatusCode}, {spent.Transactions} transactions, {spent.Wei} wei of gas paid by the server");
        Assert.Equal(HttpStatusCode.PaymentRequired, sliver.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_refund_amount_invalid", X402Responses.PaymentRequired(sliver).Error);
        Assert.Equal(0UL, spent.Transactions);
        var onChain = await chain.Contract.GetChannelAsync(channelId);
        Assert.Equal((UInt128)MinDeposit, onChain.Balance);
        Assert.Equal(UInt128.Zero, onChain.TotalClaimed);

        // Taking back everything that is left stays possible: the rule is against slivers, not against refunds.
        using var whole = await SendAsync(_headers.Refund(config, Price, amount: null));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal((UInt128)Price, (await chain.Contract.GetChannelAsync(channelId)).Balance);
    }

    [Fact]
    public async Task Deposit_and_refund_cycles_stop_at_the_channel_budget_and_the_refused_one_sends_nothing()
    {
        var config = _headers.NewChannel();
        var channelId = chain.Domain.ChannelId(config);
        var before = await SenderSpend.ReadAsync(chain);
        var charged = UInt128.Zero;
        var statuses = new List<HttpStatusCode>();

        // Each cycle: deposit the minimum with one paid request, then refund everything that is left.
        for (var operation = 0; operation < ChainOperationsPerChannel + 3; operation++)
        {
            HttpStatusCode status;
            if (operation % 2 == 0)
            {
                using var deposit = await SendAsync(_headers.Deposit(config, charged + Price, MinDeposit));
                status = deposit.StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    charged += Price;
                }
            }
            else
            {
                using var refund = await SendAsync(_headers.Refund(config, charged, amount: null));
                status = refund.StatusCode;
            }

            statuses.Add(status);
            if (status != HttpStatusCode.OK)
            {
                break;
            }
        }

        var spent = (await SenderSpend.ReadAsync(chain)).Since(before);
        output.WriteLine($"deposit/refund cycle: {string.Join(", ", statuses)}; {spent.Transactions} transactions, {spent.Wei} wei of gas paid by the server");
        Assert.Equal(ChainOperationsPerChannel + 1, statuses.Count);
        Assert.All(statuses.Take(ChainOperationsPerChannel), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal((ulong)ChainOperationsPerChannel, spent.Transactions);

        // The refused refund moved nothing: the chain holds what the last deposit left (the earlier refund claimed the
        // first charge; the second charge is still unclaimed).
        var onChain = await chain.Contract.GetChannelAsync(channelId);
        Assert.Equal(charged - Price, onChain.TotalClaimed);
        Assert.Equal(charged - Price + MinDeposit, onChain.Balance);
    }

    private static void AssertPaid(HttpResponseMessage response) =>
        Assert.True(
            response.StatusCode == HttpStatusCode.OK,
            $"{response.StatusCode}: {(response.StatusCode == HttpStatusCode.PaymentRequired ? X402Responses.PaymentRequired(response).Error : "")}");

    private async Task<HttpResponseMessage> SendAsync(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Fortune);
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
        return await _http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _payer.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
