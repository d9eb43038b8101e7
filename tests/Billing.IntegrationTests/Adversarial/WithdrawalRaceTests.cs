using System.Globalization;
using System.Net;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Billing.X402;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A payer who initiated a withdrawal must not keep spending escrow the withdrawal takes until it finalizes ahead of our
/// claim: near the deadline such vouchers are refused, and what was charged is claimed at once.
/// </summary>
[Collection(TimeWarpedChainCollection.Name)]
public sealed class WithdrawalRaceTests(LocalChainFixture chain)
{
    private const ulong Price = 1_000;
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Vouchers_spending_withdrawn_escrow_are_refused_near_the_deadline_and_what_was_charged_is_claimed()
    {
        await using var host = await Settlement.SettlementServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Settlement:Automatic"] = "true",
            ["Settlement:Interval"] = "00:00:00.300",
            ["Settlement:ClaimThreshold"] = "1000000000",
            ["Settlement:MaxAge"] = "1.00:00:00",
            ["Channels:Ledger:WithdrawalClaimMargin"] = Margin.ToString("c", CultureInfo.InvariantCulture),

            // Every voucher on a channel with a pending withdrawal reads the chain's clock afresh.
            ["Channels:ResyncInterval"] = "00:00:00",
        });
        using var http = new HttpClient();
        var fortune = new Uri(host.Server.BaseAddress, "/v1/fortune");
        using var unpaid = await http.GetAsync(fortune);
        var offer = X402Responses.PaymentRequired(unpaid).Accepts.First(a => a.Scheme == "batch-settlement");
        var channel = await chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 7);
        for (var charged = 0UL; charged < 3 * Price; charged += Price)
        {
            Assert.Equal(HttpStatusCode.OK, await PayAsync(http, fortune, offer, channel, charged + Price));
        }

        // The payer withdraws all but 3,000: only 3,000 stays behind once it finalizes.
        var payer = await TransactionSender.CreateAsync(chain.Rpc, channel.Payer);
        Assert.True((await payer.SendAndWaitAsync(new TransactionRequest(
            chain.Contract.Address, BatchSettlementContract.EncodeInitiateWithdraw(channel.Config, 47_000)))).Succeeded);
        Assert.True(await EventuallyAsync(async () => (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed == 3 * Price),
            "what was charged was not claimed after the payer initiated a withdrawal");

        // Far from the deadline a voucher beyond what stays is still accepted: settlement claims it well in time.
        Assert.Equal(HttpStatusCode.OK, await PayAsync(http, fortune, offer, channel, 4 * Price));

        // The chain moves to within the margin of the deadline.
        await chain.Rpc.Anvil.IncreaseTimeAsync(channel.Config.WithdrawDelay - (ulong)Margin.TotalSeconds + 10);
        await chain.Rpc.Anvil.MineAsync();
        using var refused = await SendAsync(http, fortune, offer, channel, 5 * Price);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        var required = X402Responses.PaymentRequired(refused);
        Assert.Equal(X402ErrorReasons.BatchInsufficientBalance, required.Error);
        Assert.DoesNotContain("\"fortune\":", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var operatorApi = new OperatorClient(host.Server);
        Assert.Equal((4 * Price).ToString(CultureInfo.InvariantCulture), (await operatorApi.ChannelAsync(channel.Id))!.ChargedCumulative);
        Assert.True(await EventuallyAsync(async () => (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed == 4 * Price),
            "the charge made during the withdrawal was not claimed before its deadline");
    }

    private async Task<HttpStatusCode> PayAsync(HttpClient http, Uri uri, PaymentRequirements offer, FundedChannel channel, UInt128 signed)
    {
        using var response = await SendAsync(http, uri, offer, channel, signed);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient http, Uri uri, PaymentRequirements offer, FundedChannel channel, UInt128 signed)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add(X402Headers.PaymentSignature, VoucherHeaders.Build(offer, chain.Domain, channel.Config, signed, channel.Payer));
        return http.SendAsync(request);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
