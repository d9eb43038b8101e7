using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Billing.Client.Payments;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.ThinPath;
using Billing.Server.Operator;
using Billing.Server.Settlement;

namespace Billing.IntegrationTests.Durability;

/// <summary>
/// The server process is SIGKILLed while an agent pays for requests, then restarted on the same SQLite data. Strict
/// durability loses no acknowledged charge; windowed durability loses at most its bound and the payer's next voucher
/// restores it; in both, settlement then claims exactly what was charged, once.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class CrashRecoveryTests(LocalChainFixture chain) : IDisposable
{
    private const ulong Price = 1_000;
    private const ulong WindowBound = 20_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("billing-crash-").FullName;

    [Theory]
    [InlineData("Strict")]
    [InlineData("Windowed")]
    public async Task Acknowledged_charges_survive_a_kill_within_the_durability_bound(string mode)
    {
        var channel = await chain.OpenChannelAsync(deposit: 1_000_000);
        var options = ThinPath.PaidRequestSettlementTests.PayerOptionsFor(chain);
        options.ChannelSalt = channel.Config.Salt;
        using var agent = new HttpClient(new X402PaymentHandler(channel.Payer, options) { InnerHandler = new HttpClientHandler() });
        var settings = Settings(mode);
        var port = ServerProcess.FreePort();

        ulong acknowledged = 0;
        await using (var server = await ServerProcess.StartAsync(settings, port))
        {
            // Pay until well past the window's bound, then kill the process while a request may be in flight.
            using var cts = new CancellationTokenSource();
            var load = Task.Run(async () =>
            {
                while (!cts.IsCancellationRequested)
                {
                    try
                    {
                        using var paid = await agent.GetAsync(new Uri(server.BaseAddress, "/v1/fortune"), CancellationToken.None);
                        if (paid.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref acknowledged);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
                    {
                        // Killed: a connect racing the kill may fail with a bare SocketException (see StrictKillLoopTests).
                        return;
                    }
                }
            });
            while (Interlocked.Read(ref acknowledged) < 25)
            {
                await Task.Delay(5);
            }

            await server.KillAsync();
            await cts.CancelAsync();
            await load;
        }

        var acknowledgedAmount = acknowledged * Price;
        await using var restarted = await ServerProcess.StartAsync(settings, port);
        using var operatorApi = OperatorApi(restarted);
        var recovered = UInt128.Parse((await ChannelAsync(operatorApi, channel))!.ChargedCumulative, CultureInfo.InvariantCulture);

        // What must NOT happen: more charged than was paid for (at most the one request in flight), or a loss beyond the bound.
        Assert.True(recovered <= acknowledgedAmount + Price, $"recovered {recovered} > acknowledged {acknowledgedAmount} + one in flight");
        var allowedLoss = mode == "Strict" ? 0UL : WindowBound;
        Assert.True(recovered + allowedLoss >= acknowledgedAmount, $"{mode}: recovered {recovered}, acknowledged {acknowledgedAmount}");
        if (mode == "Windowed")
        {
            // The window really deferred writes (a tail was lost) and its amount bound really forced one (not all was).
            Assert.True(recovered < acknowledgedAmount, $"nothing was lost: recovered {recovered}, acknowledged {acknowledgedAmount}");
            Assert.True(recovered > 0, "the amount bound never forced a write");
        }

        // The payer's next voucher builds on what it saw acknowledged and brings the server back in step.
        using (var next = await agent.GetAsync(new Uri(restarted.BaseAddress, "/v1/fortune")))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }

        var charged = UInt128.Parse((await ChannelAsync(operatorApi, channel))!.ChargedCumulative, CultureInfo.InvariantCulture);
        Assert.True(charged >= acknowledgedAmount + Price && charged <= acknowledgedAmount + 2 * Price, $"charged {charged} after catch-up");

        // Settlement claims exactly the charged total, and a second run claims nothing more.
        var report = await SettleAsync(operatorApi);
        Assert.Empty(report.Problems);
        Assert.Equal(charged, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        var again = await SettleAsync(operatorApi);
        Assert.Empty(again.ClaimTransactions);
        Assert.Equal(charged, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
    }

    private Dictionary<string, string> Settings(string mode)
    {
        var settings = ServerProcess.Settings(
            chain.RpcUrl, chain.Deployment, chain.Receiver.Address, chain.ReceiverAuthorizerKey, _folder, "crash-test-operator", Price);
        settings["Channels:Durability"] = mode;
        // A long delay: in windowed mode, only the amount bound forces writes before the kill.
        settings["Channels:WriteBehindDelay"] = "00:00:30";
        settings["Channels:WriteBehindMaxAmount"] = ServerProcess.Text(WindowBound);
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    private static HttpClient OperatorApi(ServerProcess server)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "crash-test-operator");
        return http;
    }

    private static async Task<ChannelReport?> ChannelAsync(HttpClient operatorApi, FundedChannel channel) =>
        await operatorApi.GetFromJsonAsync<ChannelReport>(new Uri($"/operator/channels/{channel.Id}", UriKind.Relative));

    private static async Task<SettlementReport> SettleAsync(HttpClient operatorApi)
    {
        using var response = await operatorApi.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SettlementReport>())!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
