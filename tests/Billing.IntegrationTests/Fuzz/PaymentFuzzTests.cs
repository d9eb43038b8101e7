using System.Globalization;
using System.Net;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Http;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// HTTP-level fuzzing of the payment path of the real server: PAYMENT-SIGNATURE values made from valid payments (a real
/// funded channel, real signatures, the real offer) by mutation, sent over keep-alive connections by concurrent
/// clients. Every answer must be a 4xx with an x402 reason, or a 200 for a payment that really was valid; no 5xx, no
/// dropped connection, no money moved by anything but the valid payments, and the server must keep serving.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class PaymentFuzzTests(LocalChainFixture chain, ITestOutputHelper output)
{
    private const ulong Price = 1_000;
    private const int DefaultCases = 100_000;
    private const int DefaultWorkers = 8;

    /// <summary>Anvil's development key the payer uses; tests of this collection run one at a time, so sharing it is safe.</summary>
    private const int PayerKey = 3;

    [Fact]
    public async Task Mutated_payments_get_a_reasoned_4xx_and_move_only_what_valid_payments_paid()
    {
        var total = Setting("BILLING_FUZZ_CASES", DefaultCases);
        var workers = Setting("BILLING_FUZZ_WORKERS", DefaultWorkers);
        var seed = (ulong)Setting("BILLING_FUZZ_SEED", Random.Shared.Next());
        await using var server = await FuzzServer.StartAsync(chain, Price, unpaidPerClientPerMinute: 1_000_000_000);
        var basis = await FuzzBasis.CreateAsync(chain, server.Server, PayerKey, ladderLength: 1_000);
        using var operatorApi = new OperatorClient(server.Server);
        var before = await MoneyAsync(basis, operatorApi);
        Assert.Equal(basis.ChargedBefore, before.Charged);

        var (tally, elapsed) = await RunAsync(server, basis, total, workers, seed);

        Report(tally, elapsed, total, workers, seed);
        Assert.True(tally.ViolationCount == 0, $"{tally.ViolationCount} violations:\n{string.Join("\n", tally.Violations)}");
        Assert.Equal(total, tally.Cases);
        Assert.Equal(0, tally.CountStatus((int)HttpStatusCode.TooManyRequests));

        // The run must have exercised every kind of answer, or it proves little.
        Assert.True(tally.CountStatus(400) > total / 10, "too few malformed payments reached the decoder");
        Assert.True(tally.CountStatus(402) > total / 10, "too few payments reached binding, signature and channel checks");
        Assert.NotEmpty(tally.Charges);

        // What must NOT happen: a charge nobody paid for, escrow or tokens moved by a refused deposit or refund.
        var after = await MoneyAsync(basis, operatorApi);
        var charges = tally.Charges.Order().ToArray();
        Assert.Equal(before.Charged + ((UInt128)charges.Length * basis.Price), after.Charged);
        Assert.Equal(Enumerable.Range(1, charges.Length).Select(i => before.Charged + ((UInt128)i * basis.Price)), charges);
        Assert.Equal(before with { Charged = after.Charged }, after);

        await AssertStillServingAsync(server, basis, operatorApi);
        Assert.Empty(server.Logs.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task Under_the_same_flood_the_unpaid_limiter_answers_429_and_nothing_else_breaks()
    {
        var total = Setting("BILLING_FUZZ_LIMITED_CASES", 2_000);
        var seed = (ulong)Setting("BILLING_FUZZ_SEED", Random.Shared.Next());
        await using var server = await FuzzServer.StartAsync(chain, Price, unpaidPerClientPerMinute: 50);
        var basis = await FuzzBasis.CreateAsync(chain, server.Server, PayerKey, ladderLength: 200);
        using var operatorApi = new OperatorClient(server.Server);
        var before = await MoneyAsync(basis, operatorApi);

        var (tally, elapsed) = await RunAsync(server, basis, total, DefaultWorkers, seed);

        Report(tally, elapsed, total, DefaultWorkers, seed);
        Assert.True(tally.ViolationCount == 0, $"{tally.ViolationCount} violations:\n{string.Join("\n", tally.Violations)}");
        Assert.True(tally.CountStatus((int)HttpStatusCode.TooManyRequests) > total / 4, "the limiter did not take over the flood");
        var after = await MoneyAsync(basis, operatorApi);
        Assert.Equal(before.Charged + ((UInt128)tally.Charges.Count * basis.Price), after.Charged);
        Assert.Equal(before with { Charged = after.Charged }, after);

        // Paid traffic does not spend the unpaid budget: a valid payment goes through as soon as the budget has a unit.
        await AssertStillServingAsync(server, basis, operatorApi);
        Assert.Empty(server.Logs.AtLeast(LogLevel.Error));
    }

    private async Task<(FuzzTally Tally, TimeSpan Elapsed)> RunAsync(FuzzServer server, FuzzBasis basis, int total, int workers, ulong seed)
    {
        var tally = new FuzzTally();
        var oracle = new VoucherOracle(basis.Offer, chain.Domain, basis.Vouchers);
        var judge = new FuzzJudge(basis, oracle, tally, chain.ReceiverAuthorizerKey.Replace("0x", "", StringComparison.Ordinal));
        var campaign = new FuzzCampaign(server.Fortune, PaymentCases.For(basis), judge, tally);
        var elapsed = await campaign.RunAsync(total, workers, seed);
        return (tally, elapsed);
    }

    /// <summary>Everything a case could move: the grain's charged totals and, on chain, both channels and the payer's wallet.</summary>
    private async Task<Money> MoneyAsync(FuzzBasis basis, OperatorClient operatorApi)
    {
        var charged = await operatorApi.ChannelAsync(basis.Vouchers.Id);
        var refundCharged = await operatorApi.ChannelAsync(basis.Refunds.Id);
        var vouchers = await chain.Contract.GetChannelAsync(basis.Vouchers.Id);
        var refunds = await chain.Contract.GetChannelAsync(basis.Refunds.Id);
        var wallet = await new Erc20Token(chain.Rpc, basis.Vouchers.Config.Token).BalanceOfAsync(basis.Vouchers.Payer.Address);
        return new Money(
            UInt128.Parse(charged!.ChargedCumulative, CultureInfo.InvariantCulture),
            vouchers,
            refundCharged?.ChargedCumulative ?? "0",
            refunds,
            wallet);
    }

    /// <summary>After the flood: health answers, and the channel's next voucher is charged exactly one price.</summary>
    private async Task AssertStillServingAsync(FuzzServer server, FuzzBasis basis, OperatorClient operatorApi)
    {
        using var http = new HttpClient();
        using (var health = await http.GetAsync(new Uri(server.Server.BaseAddress, "/health")))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var charged = UInt128.Parse((await operatorApi.ChannelAsync(basis.Vouchers.Id))!.ChargedCumulative, CultureInfo.InvariantCulture);
        var header = VoucherHeaders.Build(basis.Offer, chain.Domain, basis.Vouchers.Config, charged + basis.Price, basis.Vouchers.Payer);

        // A client that spent its unpaid budget on refusals is refused with 429 before its payment is looked at, its own
        // valid payments included, until the budget refills; a 429 touches nothing, so the same voucher is sent again.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        HttpResponseMessage paid;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.Fortune);
            request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
            paid = await http.SendAsync(request);
            if (paid.StatusCode != HttpStatusCode.TooManyRequests || DateTimeOffset.UtcNow >= deadline)
            {
                break;
            }

            var wait = paid.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            paid.Dispose();
            await Task.Delay(wait);
        }

        using var _ = paid;
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var receipt = X402Responses.Receipt(paid);
        Assert.Equal(basis.Offer.Amount, receipt.ChargedAmount);
        Assert.Equal((charged + basis.Price).ToString(CultureInfo.InvariantCulture), receipt.ChannelState!.ChargedCumulativeAmount);
    }

    private void Report(FuzzTally tally, TimeSpan elapsed, int total, int workers, ulong seed)
    {
        output.WriteLine(
            $"{tally.Cases} of {total} cases in {elapsed.TotalSeconds:F1} s ({tally.Cases / elapsed.TotalSeconds:F0}/s) on {workers} workers, seed {seed}; " +
            $"{tally.Charges.Count} charges, {tally.ViolationCount} violations");
        output.WriteLine(tally.Summary());
        output.WriteLine(tally.ReasonSummary());
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private sealed record Money(UInt128 Charged, (UInt128 Balance, UInt128 TotalClaimed) Vouchers, string RefundCharged, (UInt128 Balance, UInt128 TotalClaimed) Refunds, System.Numerics.BigInteger Wallet);
}
