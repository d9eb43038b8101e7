using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;

namespace Billing.IntegrationTests.ThinPath;

/// <summary>
/// The walking skeleton: a channel opened on a real anvil chain, paid requests over real HTTP answered by a real silo with
/// SQLite state, a settlement that claims on chain exactly what the grain charged, and a restart that resumes from disk.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class PaidRequestSettlementTests(LocalChainFixture chain) : IDisposable
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-thin-path-").FullName;

    [Fact]
    public async Task Paid_requests_are_charged_by_the_grain_claimed_on_chain_and_continue_after_a_restart()
    {
        var channel = await chain.OpenChannelAsync(deposit: 100_000);
        var receiverBefore = await new Erc20Token(chain.Rpc, channel.Config.Token).BalanceOfAsync(chain.Receiver.Address);

        var payerOptions = PayerOptionsFor(chain);
        payerOptions.ChannelSalt = channel.Config.Salt;
        var agentHandler = new X402PaymentHandler(channel.Payer, payerOptions) { InnerHandler = new HttpClientHandler() };
        using var agent = new HttpClient(agentHandler);

        await using (var server = await StartServerAsync())
        {
            // Unpaid: a 402 offering batch-settlement on this chain, with the extra fields the scheme needs.
            using var unpaid = await new HttpClient().GetAsync(new Uri(server.BaseAddress, "/v1/fortune"));
            Assert.Equal(HttpStatusCode.PaymentRequired, unpaid.StatusCode);
            var offer = Assert.Single(X402Responses.PaymentRequired(unpaid).Accepts);
            Assert.Equal("batch-settlement", offer.Scheme);
            Assert.Equal($"eip155:{chain.Deployment.ChainId}", offer.Network);
            Assert.Equal("1000", offer.Amount);
            var extra = BatchSettlementExtra.ReadRequirementsExtra(offer).Value;
            Assert.Equal(chain.ReceiverAuthorizer.Address, Address.Parse(extra.ReceiverAuthorizer));
            Assert.Equal(900, extra.WithdrawDelay);
            Assert.Equal(chain.Deployment.TokenName, extra.Name);
            Assert.Equal(chain.Deployment.TokenVersion, extra.Version);
            Assert.Equal("10000", extra.MinDeposit);

            // Paid: the SDK answers the 402 with vouchers; each receipt reports the charge and the running total.
            for (var i = 1; i <= 5; i++)
            {
                using var paid = await agent.GetAsync(new Uri(server.BaseAddress, "/v1/fortune"));
                Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
                var receipt = X402Responses.Receipt(paid);
                Assert.Equal("1000", receipt.ChargedAmount);
                Assert.Equal(channel.Id.ToString(), receipt.ChannelState!.ChannelId);
                Assert.Equal((i * 1_000).ToString(CultureInfo.InvariantCulture), receipt.ChannelState.ChargedCumulativeAmount);
                Assert.Contains("fortune", await paid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var operatorApi = new OperatorClient(server);
            Assert.Equal("5000", (await operatorApi.ChannelAsync(channel.Id))!.ChargedCumulative);

            // Settlement claims what the grain charged, then sweeps it to the receiver.
            var report = await operatorApi.SettleAsync();
            Assert.Empty(report.Problems);
            Assert.Single(report.ClaimTransactions);
            Assert.Equal("5000", report.AmountClaimed);

            var onChain = await chain.Contract.GetChannelAsync(channel.Id);
            Assert.Equal((UInt128)5_000, onChain.TotalClaimed);
            Assert.Equal((UInt128)100_000, onChain.Balance);
            var receiverAfter = await new Erc20Token(chain.Rpc, channel.Config.Token).BalanceOfAsync(chain.Receiver.Address);
            Assert.Equal(receiverBefore + 5_000, receiverAfter);

            // A second run finds nothing to claim and sends nothing.
            var again = await operatorApi.SettleAsync();
            Assert.Empty(again.ClaimTransactions);
            Assert.Empty(again.SettleTransactions);
        }

        // Restart on the same data folder: the channel's state is read back from SQLite and the next voucher builds on it.
        await using (var restarted = await StartServerAsync())
        {
            using var operatorApi = new OperatorClient(restarted);
            var reloaded = await operatorApi.ChannelAsync(channel.Id);
            Assert.Equal("5000", reloaded!.ChargedCumulative);
            Assert.Equal("5000", reloaded.TotalClaimed);

            using var paid = await agent.GetAsync(new Uri(restarted.BaseAddress, "/v1/fortune"));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            Assert.Equal("6000", X402Responses.Receipt(paid).ChannelState!.ChargedCumulativeAmount);
            Assert.Equal("6000", (await operatorApi.ChannelAsync(channel.Id))!.ChargedCumulative);

            // Usage for reports survived the restart with the ledger: six requests, six calls, 6,000 units today.
            var usage = Assert.Single(await operatorApi.UsageAsync(channel.Id));
            Assert.Equal(6UL, usage.Requests);
            Assert.Equal(6UL, usage.Calls);
            Assert.Equal("6000", usage.Charged);
        }
    }

    private Task<LocalServer> StartServerAsync() =>
        LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));

    internal static PayerOptions PayerOptionsFor(LocalChainFixture chain)
    {
        return new PayerOptions
        {
            SettlementContract = Address.Parse(chain.Deployment.BatchSettlement),
            Limits = new SpendLimits
            {
                PerRequest = 10_000,
                AllowedAssets = [chain.Deployment.Token],
                AllowedNetworks = [Caip2.FormatEip155(chain.Deployment.ChainId)],
            },
        };
    }

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
