using System.Net.Http.Json;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.Server.Chain;

namespace Billing.IntegrationTests.Chain;

/// <summary>
/// The key that sends deposits, refunds and claims pays their gas: its balance is read on a schedule and reported low
/// below the configured threshold, so an operator learns of it before the sends start failing.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class SenderBalanceWatchTests(LocalChainFixture chain)
{
    [Fact]
    public async Task A_sender_below_the_threshold_is_reported_low_and_one_above_it_is_not()
    {
        // A development account holds 10,000 ETH: above the default threshold, below 10^30 wei.
        var comfortable = await ReadWhenCheckedAsync(lowBalanceWei: null);
        var starved = await ReadWhenCheckedAsync(lowBalanceWei: "1000000000000000000000000000000");

        var sender = chain.ReceiverAuthorizer.Address.ToString();
        Assert.False(Assert.Single(comfortable, b => b.Address == sender).Low);
        var low = Assert.Single(starved, b => b.Address == sender);
        Assert.True(low.Low);
        Assert.Equal((await chain.Rpc.GetBalanceAsync(chain.ReceiverAuthorizer.Address)).ToString(System.Globalization.CultureInfo.InvariantCulture), low.BalanceWei);
    }

    private async Task<IReadOnlyList<SenderBalance>> ReadWhenCheckedAsync(string? lowBalanceWei)
    {
        var dataFolder = Directory.CreateTempSubdirectory("billing-sender-").FullName;
        var overrides = new Dictionary<string, string?> { ["SenderBalance:CheckInterval"] = "00:00:00.200" };
        if (lowBalanceWei is not null)
        {
            overrides["SenderBalance:LowBalanceWei"] = lowBalanceWei;
        }

        try
        {
            await using var server = await LocalServer.StartAsync(new LocalServerSettings(
                chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, dataFolder, 1_000) { Overrides = overrides });
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (true)
            {
                var balances = (await http.GetFromJsonAsync<List<SenderBalance>>(new Uri("/operator/senders", UriKind.Relative)))!;
                if (balances.Count > 0 || DateTimeOffset.UtcNow > deadline)
                {
                    return balances;
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }
}
