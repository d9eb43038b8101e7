using System.Globalization;
using System.Net;
using System.Numerics;
using Billing.Cli.LocalChain;
using Billing.Client.Payments;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.ThinPath;
using Billing.Persistence.Exact;
using Billing.X402.Exact;
using Billing.X402.Http;
using Billing.X402.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Exact;

/// <summary>
/// The <c>exact</c> scheme against a real server on anvil: an ERC-3009 transfer per request, sent by the server after
/// the handler succeeded. Every refusal leaves the payer's tokens where they were; no authorization moves money twice.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ExactPaymentTests(LocalChainFixture chain) : IDisposable
{
    private const ulong Price = 2_500;
    private const string ExactRoute = "/v1/fortune/once";

    /// <summary>Configured for exact, but no endpoint serves it: the handler's answer is a 404.</summary>
    private const string BrokenRoute = "/v1/broken";

    /// <summary>An unannotated endpoint priced in configuration with both schemes.</summary>
    private const string SharedRoute = "/health";

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-exact-").FullName;

    [Fact]
    public async Task The_sdk_pays_an_exact_route_and_the_token_moves_exactly_once()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync();
        var before = await BalancesAsync(payer.Address);

        using var unpaid = await new HttpClient().GetAsync(Url(server, ExactRoute));
        Assert.Equal(HttpStatusCode.PaymentRequired, unpaid.StatusCode);
        var offer = Assert.Single(X402Responses.PaymentRequired(unpaid).Accepts);
        Assert.Equal(ExactScheme.Name, offer.Scheme);
        Assert.Equal($"eip155:{chain.Deployment.ChainId}", offer.Network);
        Assert.Equal(Text(Price), offer.Amount);
        Assert.Equal(chain.Deployment.Token, offer.Asset, ignoreCase: true);
        Assert.Equal(chain.Receiver.Address.ToString(), offer.PayTo, ignoreCase: true);
        Assert.Equal(chain.Deployment.TokenName, offer.Extra!.Value.GetProperty("name").GetString());
        Assert.Equal(chain.Deployment.TokenVersion, offer.Extra!.Value.GetProperty("version").GetString());

        var recorder = new PaymentRecorder { InnerHandler = new HttpClientHandler() };
        var options = PaidRequestSettlementTests.PayerOptionsFor(chain);
        options.Exact = ExactSchemeUse.Preferred;
        using (var agent = new HttpClient(new X402PaymentHandler(payer, options) { InnerHandler = recorder }))
        {
            using var paid = await agent.GetAsync(Url(server, ExactRoute));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            var receipt = Receipt(paid);
            Assert.True(receipt.Success);
            Assert.Equal(payer.Address.ToString(), receipt.Payer, ignoreCase: true);
            var transfer = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(receipt.Transaction));
            Assert.NotNull(transfer);
            Assert.True(transfer.Succeeded);
            Assert.Equal(Address.Parse(chain.Deployment.Token), transfer.To);
        }

        Assert.Equal(before.Moved(Price), await BalancesAsync(payer.Address));
        var header = Assert.Single(recorder.Payments);
        Assert.Equal(ExactSettlementStatus.Settled, (await StoredAsync(server, payer.Address, header))!.Status);

        // The same authorization again: refused, and no second transfer.
        using var replay = await SendAsync(server, ExactRoute, header);
        await AssertRefusedAsync(replay, HttpStatusCode.PaymentRequired, "invalid_exact_evm_nonce_already_used");
        Assert.Equal(before.Moved(Price), await BalancesAsync(payer.Address));
    }

    [Fact]
    public async Task Every_bad_payment_is_refused_with_its_reason_and_nothing_moves()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        var pauper = PrivateKey.Generate();
        await using var server = await StartServerAsync();
        var offer = await OfferAsync(server, ExactRoute);
        var transfer = new SignedTransfer { Offer = offer, Payer = payer, ChainId = chain.Deployment.ChainId };
        var before = await BalancesAsync(payer.Address);

        var cases = new (string Case, string Header, HttpStatusCode Status, string Reason)[]
        {
            ("value above the price", (transfer with { Value = Price + 1 }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_authorization_value"),
            ("value below the price", (transfer with { Value = Price - 1 }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_authorization_value"),
            ("another recipient", (transfer with { To = pauper.Address }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_recipient_mismatch"),
            ("expired", (transfer with { ValidAfterOffset = -3600, ValidBeforeOffset = -10 }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_payload_authorization_valid_before"),
            ("not valid yet", (transfer with { ValidAfterOffset = 3600, ValidBeforeOffset = 7200 }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_payload_authorization_valid_after"),
            ("signed by someone else", (transfer with { Signer = pauper }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_signature"),
            ("signed in another token domain", (transfer with { DomainName = "Not The Token" }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_signature"),
            ("a payer without tokens", (transfer with { Payer = pauper }).Header(), HttpStatusCode.PaymentRequired, "invalid_exact_evm_insufficient_balance"),
            ("an unknown network", (transfer with { Offer = offer with { Network = "eip155:1" } }).Header(), HttpStatusCode.PaymentRequired, "invalid_payment_requirements"),
            ("an unknown asset", (transfer with { Offer = offer with { Asset = pauper.Address.ToString() } }).Header(), HttpStatusCode.PaymentRequired, "invalid_payment_requirements"),
            ("a malformed payload", Malformed(offer), HttpStatusCode.BadRequest, "invalid_payload"),
            ("not base64 JSON", "%%%not-a-payment%%%", HttpStatusCode.BadRequest, "invalid_payload"),
        };

        foreach (var (name, header, status, reason) in cases)
        {
            using var refused = await SendAsync(server, ExactRoute, header);
            await AssertRefusedAsync(refused, status, reason, name);
        }

        Assert.Equal(before, await BalancesAsync(payer.Address));
        Assert.Equal(BigInteger.Zero, await ExactChain.Token(chain).BalanceOfAsync(pauper.Address));
    }

    [Fact]
    public async Task An_authorization_already_executed_on_chain_is_refused()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync();
        var transfer = new SignedTransfer { Offer = await OfferAsync(server, ExactRoute), Payer = payer, ChainId = chain.Deployment.ChainId };
        var header = transfer.Header();

        using (var first = await SendAsync(server, ExactRoute, header))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var afterFirst = await BalancesAsync(payer.Address);
        await using var otherServer = await StartServerAsync(Directory.CreateDirectory(Path.Combine(_dataFolder, "other")).FullName);
        using var replay = await SendAsync(otherServer, ExactRoute, header);

        // A second server with its own database knows nothing of the first: the chain's authorizationState refuses it.
        await AssertRefusedAsync(replay, HttpStatusCode.PaymentRequired, "invalid_exact_evm_nonce_already_used");
        Assert.Equal(afterFirst, await BalancesAsync(payer.Address));
    }

    [Fact]
    public async Task Concurrent_replays_of_one_authorization_are_settled_once()
    {
        const int copies = 6;
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync();
        var header = await SignedHeaderAsync(server, payer);
        var before = await BalancesAsync(payer.Address);

        var answers = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => SendAsync(server, ExactRoute, header)));
        try
        {
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            {
                await AssertRefusedAsync(refused, HttpStatusCode.PaymentRequired, "invalid_exact_evm_nonce_already_used");
            }
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }

        Assert.Equal(before.Moved(Price), await BalancesAsync(payer.Address));
    }

    [Fact]
    public async Task A_failed_handler_spends_nothing_and_the_authorization_stays_usable()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync();
        var offer = await OfferAsync(server, BrokenRoute);
        Assert.Equal(ExactScheme.Name, offer.Scheme);
        var header = new SignedTransfer { Offer = offer, Payer = payer, ChainId = chain.Deployment.ChainId }.Header();
        var before = await BalancesAsync(payer.Address);

        using (var failed = await SendAsync(server, BrokenRoute, header))
        {
            Assert.Equal(HttpStatusCode.NotFound, failed.StatusCode);
            Assert.False(failed.Headers.Contains(X402Headers.PaymentResponse), "a failed handler must not be answered with a receipt");
        }

        Assert.Equal(before, await BalancesAsync(payer.Address));
        Assert.Null(await StoredAsync(server, payer.Address, header));

        // Not spent: the same authorization (the same offer, the same price) still pays a route that works, once.
        using var paid = await SendAsync(server, ExactRoute, header);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.True(Receipt(paid).Success);
        Assert.Equal(before.Moved(Price), await BalancesAsync(payer.Address));
    }

    [Fact]
    public async Task A_route_with_both_schemes_lists_both_and_takes_an_exact_payment()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync();
        using var unpaid = await new HttpClient().GetAsync(Url(server, SharedRoute));
        Assert.Equal(HttpStatusCode.PaymentRequired, unpaid.StatusCode);
        var accepts = X402Responses.PaymentRequired(unpaid).Accepts;
        Assert.Equal(["batch-settlement", ExactScheme.Name], accepts.Select(a => a.Scheme));
        var before = await BalancesAsync(payer.Address);

        var header = new SignedTransfer { Offer = accepts[1], Payer = payer, ChainId = chain.Deployment.ChainId }.Header();
        using var paid = await SendAsync(server, SharedRoute, header);

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.True(Receipt(paid).Success);
        Assert.Equal(before.Moved(Price), await BalancesAsync(payer.Address));
    }

    [Fact]
    public async Task A_v1_client_pays_in_X_PAYMENT_on_either_kind_of_route_and_reads_X_PAYMENT_RESPONSE()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync();
        var before = await BalancesAsync(payer.Address);

        foreach (var route in new[] { ExactRoute, SharedRoute })
        {
            // v1 names only scheme and network; the payload is the same exact EVM payload.
            var v2 = PaymentHeaderCodec.Default.DecodePaymentSignature(
                new SignedTransfer { Offer = await OfferAsync(server, route), Payer = payer, ChainId = chain.Deployment.ChainId }.Header()).Value;
            var v1 = PaymentHeaderCodec.Default.EncodeXPayment(new PaymentPayloadV1
            {
                X402Version = 1,
                Scheme = ExactScheme.Name,
                Network = v2.Accepted.Network,
                Payload = v2.Payload,
            });
            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, Url(server, route));
            request.Headers.TryAddWithoutValidation(X402Headers.XPayment, v1);
            using var paid = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            Assert.False(paid.Headers.Contains(X402Headers.PaymentResponse));
            Assert.True(paid.Headers.TryGetValues(X402Headers.XPaymentResponse, out var receipts), route);
            Assert.True(PaymentHeaderCodec.Default.DecodePaymentResponse(receipts.Single()).Value.Success);
        }

        Assert.Equal(before.Moved(2 * Price), await BalancesAsync(payer.Address));
    }

    [Fact]
    public async Task A_late_receipt_answers_settlement_pending_and_the_reconciler_settles_it()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync(overrides: LateReceipts);
        var header = await SignedHeaderAsync(server, payer);
        var before = await BalancesAsync(payer.Address);

        try
        {
            var transaction = await ServeWithoutMiningAsync(server, header);

            // Sent, not mined: nothing moved yet, and the reconciler leaves the row alone while the node holds the transaction.
            Assert.Equal(ExactSettlementStatus.Pending, (await StoredAsync(server, payer.Address, header))!.Status);
            Assert.Equal(0, await server.Services.GetRequiredService<Server.Exact.ExactReconciler>().ReconcileAsync(CancellationToken.None));
            Assert.Equal(ExactSettlementStatus.Pending, (await StoredAsync(server, payer.Address, header))!.Status);
            Assert.Equal(before, await BalancesAsync(payer.Address));

            await chain.Rpc.Anvil.MineAsync();
            var settled = await EventuallyAsync(server, payer.Address, header, ExactSettlementStatus.Settled);
            Assert.Equal(transaction.ToString(), settled.TransactionHash);
        }
        finally
        {
            await chain.Rpc.Anvil.SetAutomineAsync(true);
        }

        Assert.Equal(before.Moved(Price), await BalancesAsync(payer.Address));
    }

    [Fact]
    public async Task A_dropped_transfer_is_recorded_as_failed_and_nothing_moves()
    {
        var payer = await ExactChain.FundedPayerAsync(chain, 10 * Price);
        await using var server = await StartServerAsync(overrides: LateReceipts);
        var header = await SignedHeaderAsync(server, payer);
        var before = await BalancesAsync(payer.Address);

        try
        {
            var transaction = await ServeWithoutMiningAsync(server, header);
            await chain.Rpc.Anvil.DropTransactionAsync(transaction);
            await EventuallyAsync(server, payer.Address, header, ExactSettlementStatus.Failed);
        }
        finally
        {
            await chain.Rpc.Anvil.SetAutomineAsync(true);

            // The dropped transaction's account nonce is free again; the process-wide sender must not skip it.
            await server.Services.GetRequiredService<Billing.Evm.Rpc.TransactionSender>().ResyncNonceAsync();
        }

        Assert.Equal(before, await BalancesAsync(payer.Address));

        // Refused from now on: the outcome was unknown to the payer, so the authorization is never sent a second time.
        using var replay = await SendAsync(server, ExactRoute, header);
        await AssertRefusedAsync(replay, HttpStatusCode.PaymentRequired, "invalid_exact_evm_nonce_already_used");
        Assert.Equal(before, await BalancesAsync(payer.Address));
    }

    private static Dictionary<string, string?> LateReceipts => new()
    {
        ["Exact:ReceiptTimeout"] = "00:00:00",
        ["Exact:ReconcileInterval"] = "00:00:00.200",
    };

    private Task<LocalServer> StartServerAsync(string? dataFolder = null, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(overrides ?? [])
        {
            ["Payment:Routes:0:Path"] = BrokenRoute,
            ["Payment:Routes:0:Price"] = Text(Price),
            ["Payment:Routes:0:Scheme"] = "exact",
            ["Payment:Routes:1:Path"] = SharedRoute,
            ["Payment:Routes:1:Price"] = Text(Price),
            ["Payment:Routes:1:Scheme"] = "batch-settlement, exact",
        };
        return LocalServer.StartAsync(ExactChain.Settings(chain, dataFolder ?? _dataFolder, Price, settings));
    }

    private async Task<string> SignedHeaderAsync(LocalServer server, PrivateKey payer) =>
        new SignedTransfer { Offer = await OfferAsync(server, ExactRoute), Payer = payer, ChainId = chain.Deployment.ChainId }.Header();

    /// <summary>
    /// Pays with automine off (the caller turns it back on): the server sends the transfer, sees no receipt within its
    /// zero timeout, and must serve the request with a settlement_pending receipt naming the transaction.
    /// </summary>
    private async Task<Hash32> ServeWithoutMiningAsync(LocalServer server, string header)
    {
        await chain.Rpc.Anvil.SetAutomineAsync(false);
        using var served = await SendAsync(server, ExactRoute, header);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var receipt = Receipt(served);
        Assert.False(receipt.Success);
        Assert.Equal("settlement_pending", receipt.ErrorReason);
        return Hash32.Parse(receipt.Transaction);
    }

    private static async Task<PaymentRequirements> OfferAsync(LocalServer server, string path)
    {
        using var unpaid = await new HttpClient().GetAsync(Url(server, path));
        Assert.Equal(HttpStatusCode.PaymentRequired, unpaid.StatusCode);
        return X402Responses.PaymentRequired(unpaid).Accepts.Single(a => a.Scheme == ExactScheme.Name);
    }

    private static async Task<HttpResponseMessage> SendAsync(LocalServer server, string path, string header)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(server, path));
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
        return await client.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason, string? name = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{name}: expected {status}, got {(int)response.StatusCode} {body}");
        Assert.True(body.Contains($"\"{reason}\"", StringComparison.Ordinal), $"{name}: expected reason {reason} in {body}");
        Assert.False(response.Headers.Contains(X402Headers.PaymentResponse), $"{name}: a refused payment must carry no receipt");
    }

    private static SettlementResponse Receipt(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(X402Headers.PaymentResponse, out var values), "no PAYMENT-RESPONSE header");
        return PaymentHeaderCodec.Default.DecodePaymentResponse(values.Single()).Value;
    }

    private async Task<ExactSettlementRecord?> StoredAsync(LocalServer server, Address payer, string header)
    {
        var payment = PaymentHeaderCodec.Default.DecodePaymentSignature(header).Value;
        var nonce = ExactPayloadReader.Read(payment.Payload).Value.Authorization.Nonce;
        var key = new ExactAuthorizationKey($"eip155:{chain.Deployment.ChainId}", chain.Deployment.Token, payer.ToString(), nonce);
        return await server.Services.GetRequiredService<ExactSettlementStore>().FindAsync(key);
    }

    /// <summary>Waits for the background reconciler (every 200 ms here) to give the row its final status.</summary>
    private async Task<ExactSettlementRecord> EventuallyAsync(LocalServer server, Address payer, string header, ExactSettlementStatus status)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var record = await StoredAsync(server, payer, header);
            if (record?.Status == status)
            {
                return record;
            }

            Assert.False(deadline.IsCancellationRequested, $"the reconciler did not reach {status}; the row is {record?.Status}");
            await Task.Delay(100);
        }
    }

    private async Task<Balances> BalancesAsync(Address payer)
    {
        var token = ExactChain.Token(chain);
        return new Balances(await token.BalanceOfAsync(payer), await token.BalanceOfAsync(chain.Receiver.Address));
    }

    private static string Malformed(PaymentRequirements offer) =>
        PaymentHeaderCodec.Default.EncodePaymentSignature(new PaymentPayload
        {
            X402Version = 2,
            Accepted = offer,
            Payload = System.Text.Json.JsonSerializer.SerializeToElement(new { signature = "0x12", authorization = new { from = "nobody" } }),
        });

    private static Uri Url(LocalServer server, string path) => new(server.BaseAddress, path);

    private static string Text(ulong amount) => amount.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The payer's and the payee's token balances.</summary>
    private sealed record Balances(BigInteger Payer, BigInteger Payee)
    {
        public Balances Moved(ulong amount) => new(Payer - amount, Payee + amount);
    }

    /// <summary>Keeps the payment headers the SDK sends, to replay them.</summary>
    private sealed class PaymentRecorder : DelegatingHandler
    {
        public List<string> Payments { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues(X402Headers.PaymentSignature, out var values))
            {
                Payments.Add(values.Single());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
