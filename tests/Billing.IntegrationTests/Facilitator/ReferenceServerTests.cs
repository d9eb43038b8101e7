using System.Globalization;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using Billing.Cli.LocalChain;
using Billing.Client.Channels;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Interop;
using Billing.X402.Http;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>
/// Issue 6, the reverse direction: the OFFICIAL resource server (<c>@x402/express</c> + <c>@x402/evm</c>'s
/// batch-settlement server scheme, unmodified) uses OUR facilitator, on anvil with our contracts at the canonical
/// addresses, and OUR agent SDK pays it: a first request that deposits, fifty vouchers, a corrective 402, the reference
/// channel manager's claim and settle, a refund. The chain ends up holding exactly what the reference server charged.
/// </summary>
[Collection(CanonicalChainCollection.Name)]
public sealed class ReferenceServerTests(CanonicalChainFixture chain, ITestOutputHelper output) : IDisposable
{
    private const ulong Price = 1_000;
    private const int Vouchers = 50;

    // One deposit covers the whole session (deposit request + vouchers + corrective), so the counts below stay exact.
    private const ulong Deposit = 100_000;
    private const ulong Minted = 1_000_000;

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-reference-").FullName;
    private readonly string _facilitatorToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    [Fact]
    public async Task Our_sdk_pays_the_official_server_and_its_channel_manager_settles_through_our_facilitator()
    {
        using var payer = PrivateKey.Generate();
        await chain.MintAsync(payer.Address, Minted);
        var payTo = PrivateKey.Generate().Address;
        var channelId = chain.Domain.ChannelId(new ChannelConfig(payer.Address, payer.Address, payTo, chain.ReceiverAuthorizer.Address, chain.Token.Address, 900, Hash32.Zero));

        await using var facilitator = await StartFacilitatorAsync();
        await using var reference = await ReferenceServer.StartAsync(
            facilitator.BaseAddress, _facilitatorToken, payTo.ToString(), chain.Deployment, Price, minDeposit: Deposit);
        try
        {
            // 1. The first request opens the channel: the SDK deposits by ERC-3009 authorization, the reference server
            //    has our /verify check it and our /settle send it.
            using var wire = new ExchangeRecorder();
            using var agent = new X402PaymentHandler(payer, Options()) { InnerHandler = wire };
            int afterDeposit;
            using (var http = new HttpClient(agent, disposeHandler: false))
            {
                using var first = await http.GetAsync(reference.Resource);
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);
                var receipt = Receipt(first);
                Assert.Matches("^0x[0-9a-fA-F]{64}$", receipt.Transaction);
                Assert.Equal(Text(Deposit), receipt.Amount);
                Assert.Equal((UInt128)Deposit, (await chain.Contract.GetChannelAsync(channelId)).Balance);
                await AssertSentByOurFacilitatorAsync(receipt.Transaction);

                // The SDK tries a voucher first on a channel it has no record of; our /verify says there is none.
                Assert.All(
                    wire.Exchanges.Where(e => e.Paid && e.Status != HttpStatusCode.OK),
                    e => Assert.Equal("invalid_batch_settlement_evm_channel_not_found", e.Reason));
                afterDeposit = wire.Exchanges.Count;

                // 2. Fifty vouchers: the reference server verifies the first itself against the state our /verify
                //    reported, and charges each without touching the chain.
                for (var i = 0; i < Vouchers; i++)
                {
                    using var paid = await http.GetAsync(reference.Resource);
                    Assert.True(paid.StatusCode == HttpStatusCode.OK, $"voucher {i + 1}: HTTP {(int)paid.StatusCode}\n{reference.Output}");
                    Assert.Equal("", Receipt(paid).Transaction);
                }
            }

            // Each voucher request: one unpaid 402 offer, one paid 200. No voucher was ever refused.
            var voucherExchanges = wire.Exchanges.Skip(afterDeposit).ToList();
            Assert.Equal(2 * Vouchers, voucherExchanges.Count);
            Assert.All(voucherExchanges.Where(e => e.Paid), e => Assert.Equal(HttpStatusCode.OK, e.Status));

            // 3. An agent that lost its records: the reference server answers with a corrective 402, the SDK checks the
            //    voucher the server holds is its own and pays again from there.
            using var amnesiacWire = new ExchangeRecorder();
            using var amnesiac = new X402PaymentHandler(payer, Options(), new InMemoryPayerChannelStore()) { InnerHandler = amnesiacWire };
            using (var http = new HttpClient(amnesiac, disposeHandler: false))
            {
                using var corrected = await http.GetAsync(reference.Resource);
                Assert.True(corrected.StatusCode == HttpStatusCode.OK, $"corrective: HTTP {(int)corrected.StatusCode}\n{reference.Output}");
            }

            var correctedPayments = amnesiacWire.Exchanges.Where(e => e.Paid).ToList();
            Assert.Equal(2, correctedPayments.Count);
            Assert.Equal(new Exchange(true, HttpStatusCode.PaymentRequired, "invalid_batch_settlement_evm_cumulative_amount_mismatch"), correctedPayments[0]);
            Assert.Equal(HttpStatusCode.OK, correctedPayments[1].Status);

            const ulong charged = (1 + Vouchers + 1) * Price;
            var record = Assert.Single((await reference.ChannelsAsync()).EnumerateArray());
            Assert.Equal(channelId.ToString(), record.GetProperty("channelId").GetString(), ignoreCase: true);
            Assert.Equal(Text(charged), record.GetProperty("chargedCumulativeAmount").GetString());

            // Serving requests never touched the chain beyond the deposit.
            Assert.Equal(((UInt128)Deposit, UInt128.Zero), await chain.Contract.GetChannelAsync(channelId));

            // 4. The reference channel manager claims what it charged and sweeps it to its receiver, through our
            //    /settle (the claim batch signed by our receiver-authorizer key, on its behalf).
            var settlement = await reference.ClaimAndSettleAsync();
            Assert.Equal(1, Assert.Single(settlement.GetProperty("claims").EnumerateArray()).GetProperty("vouchers").GetInt32());
            await AssertSentByOurFacilitatorAsync(Assert.Single(settlement.GetProperty("claims").EnumerateArray()).GetProperty("transaction").GetString()!);
            await AssertSentByOurFacilitatorAsync(settlement.GetProperty("settle").GetProperty("transaction").GetString()!);
            Assert.Equal(((UInt128)Deposit, (UInt128)charged), await chain.Contract.GetChannelAsync(channelId));
            Assert.Equal(new BigInteger(charged), await chain.Token.BalanceOfAsync(payTo));

            // 5. The SDK takes back the rest: the reference server has our /verify check the refund voucher and our
            //    /settle claim-then-refund in one transaction.
            var refund = Assert.Single(await amnesiac.RefundAsync(reference.Resource));
            Assert.Equal(channelId, refund.ChannelId);
            Assert.Equal((UInt128)(Deposit - charged), refund.Amount);
            await AssertSentByOurFacilitatorAsync(refund.Transaction);
            Assert.Equal(((UInt128)charged, (UInt128)charged), await chain.Contract.GetChannelAsync(channelId));
            Assert.Equal(new BigInteger(Minted - charged), await chain.Token.BalanceOfAsync(payer.Address));

            // The receiver keeps exactly the charges; nothing else left the escrow.
            Assert.Equal(new BigInteger(charged), await chain.Token.BalanceOfAsync(payTo));
        }
        finally
        {
            output.WriteLine(reference.Output);
        }
    }

    /// <summary>The transaction was mined, succeeded, and was sent (and paid for) by our facilitator's key.</summary>
    private async Task AssertSentByOurFacilitatorAsync(string transaction)
    {
        var receipt = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(transaction));
        Assert.NotNull(receipt);
        Assert.True(receipt.Succeeded);
        Assert.Equal(chain.ReceiverAuthorizer.Address, receipt.From);
        Assert.Equal(CanonicalChainFixture.CanonicalSettlement, receipt.To);
    }

    private Task<LocalServer> StartFacilitatorAsync() =>
        LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = new Dictionary<string, string?>
            {
                ["Facilitator:Enabled"] = "true",
                ["Facilitator:Token"] = _facilitatorToken,
                ["Facilitator:PayTo:0"] = "*",
            },
        });

    private PayerOptions Options() => new()
    {
        Limits = new SpendLimits { PerRequest = Price, AllowedAssets = [chain.Deployment.Token], AllowedNetworks = ["eip155:31337"] },
        MaxDeposit = Deposit,
    };

    private static Billing.X402.Wire.SettlementResponse Receipt(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(X402Headers.PaymentResponse, out var values), "no PAYMENT-RESPONSE header");
        var receipt = PaymentHeaderCodec.Default.DecodePaymentResponse(values.Single()).Value;
        Assert.True(receipt.Success, receipt.ErrorReason);
        return receipt;
    }

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
}
