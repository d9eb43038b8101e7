using System.Net;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Http;
using Billing.X402.Wire;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A deposit travels with a voucher. When the voucher is refused for a reason known off chain (a stale cumulative amount,
/// a deposit below the advertised minimum), the deposit must never be sent: no transaction, no gas, no escrow moved.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class RefusedDepositsSpendNoGasTests(LocalChainFixture chain, ITestOutputHelper output) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private const ulong MinDeposit = 10 * Price;
    private const int StalePayloads = 20;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-adversarial-deposit-").FullName;
    private readonly HttpClient _http = new();

    // A generated key: it needs tokens only (the server sends the deposits), and no other test can touch its balance.
    private readonly PrivateKey _payer = PrivateKey.Generate();
    private LocalServer _server = null!;
    private ChannelPaymentHeaders _headers = null!;

    public async Task InitializeAsync()
    {
        var minter = await TransactionSender.CreateAsync(chain.Rpc, chain.Minter);
        await minter.SendAndWaitAsync(new TransactionRequest(Address.Parse(chain.Deployment.Token), Erc20Token.EncodeMint(_payer.Address, 10_000_000)));
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));
        using var unpaid = await _http.GetAsync(Fortune);
        var offer = X402Responses.PaymentRequired(unpaid).Accepts.Single();
        Assert.Equal(MinDeposit.ToString(System.Globalization.CultureInfo.InvariantCulture), offer.Extra!.Value.GetProperty("minDeposit").GetString());
        _headers = new ChannelPaymentHeaders(chain, offer, _payer);
    }

    private Uri Fortune => new(_server.BaseAddress, "/v1/fortune");

    [Fact]
    public async Task Deposits_carried_by_stale_vouchers_are_refused_before_any_transaction_is_sent()
    {
        var config = _headers.NewChannel();
        var channelId = chain.Domain.ChannelId(config);
        using (var opened = await SendAsync(_headers.Deposit(config, Price, MinDeposit)))
        {
            AssertPaid(opened);
        }

        var token = new Erc20Token(chain.Rpc, config.Token);
        var payerTokens = await token.BalanceOfAsync(_payer.Address);
        var before = await SenderSpend.ReadAsync(chain);

        // A client that missed the first charge keeps signing "charged 0 + price" and keeps attaching a fresh deposit.
        var refusals = new List<string?>();
        for (var i = 0; i < StalePayloads; i++)
        {
            using var stale = await SendAsync(_headers.Deposit(config, Price, MinDeposit));
            refusals.Add(stale.StatusCode == HttpStatusCode.PaymentRequired ? X402Responses.PaymentRequired(stale).Error : stale.StatusCode.ToString());
        }

        var spent = (await SenderSpend.ReadAsync(chain)).Since(before);
        output.WriteLine($"{StalePayloads} stale deposit payloads: {spent.Transactions} transactions, {spent.Wei} wei of gas paid by the server");
        Assert.All(refusals, reason => Assert.Equal("invalid_batch_settlement_evm_cumulative_amount_mismatch", reason));
        Assert.Equal(0UL, spent.Transactions);
        Assert.Equal(System.Numerics.BigInteger.Zero, spent.Wei);
        Assert.Equal((UInt128)MinDeposit, (await chain.Contract.GetChannelAsync(channelId)).Balance);
        Assert.Equal(payerTokens, await token.BalanceOfAsync(_payer.Address));
    }

    [Fact]
    public async Task A_deposit_below_the_advertised_minimum_is_refused_and_never_sent()
    {
        var config = _headers.NewChannel();
        var before = await SenderSpend.ReadAsync(chain);

        using var response = await SendAsync(_headers.Deposit(config, Price, MinDeposit - 1));

        var spent = (await SenderSpend.ReadAsync(chain)).Since(before);
        output.WriteLine($"a deposit of {MinDeposit - 1} (minimum {MinDeposit}): {response.StatusCode}, {spent.Transactions} transactions, {spent.Wei} wei");
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_deposit_below_min_deposit", X402Responses.PaymentRequired(response).Error);
        Assert.Equal(0UL, spent.Transactions);
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(chain.Domain.ChannelId(config))).Balance);
    }

    [Fact]
    public async Task A_deposit_whose_voucher_exceeds_the_balance_it_would_make_is_never_sent()
    {
        var config = _headers.NewChannel();
        var before = await SenderSpend.ReadAsync(chain);

        // The voucher spends more than the deposit brings: the payment cannot succeed whatever the chain says.
        using var response = await SendAsync(_headers.Deposit(config, MinDeposit + Price, MinDeposit));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_cumulative_exceeds_balance", X402Responses.PaymentRequired(response).Error);
        Assert.Equal(0UL, (await SenderSpend.ReadAsync(chain)).Since(before).Transactions);
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(chain.Domain.ChannelId(config))).Balance);
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
