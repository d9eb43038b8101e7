using System.Net;
using Billing.Cli.LocalChain;
using Billing.Client.Payments;
using Billing.IntegrationTests.ThinPath;

namespace Billing.IntegrationTests.Fixtures;

/// <summary>Paid requests the way an agent makes them: the C# SDK on the channel's own salt.</summary>
public static class AgentPayments
{
    public static HttpClient Agent(LocalChainFixture chain, FundedChannel channel)
    {
        var options = PaidRequestSettlementTests.PayerOptionsFor(chain);
        options.ChannelSalt = channel.Config.Salt;
        return new HttpClient(new X402PaymentHandler(channel.Payer, options) { InnerHandler = new HttpClientHandler() });
    }

    /// <summary>Pays for <paramref name="times"/> demo requests and asserts each was served.</summary>
    public static async Task PayAsync(LocalChainFixture chain, LocalServer server, FundedChannel channel, int times)
    {
        using var agent = Agent(chain, channel);
        for (var i = 0; i < times; i++)
        {
            using var paid = await agent.GetAsync(new Uri(server.BaseAddress, "/v1/fortune"));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }
    }
}
