using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Billing.Client.Payments;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Reconciliation;
using Billing.Server.Operator;
using Billing.Server.Settlement;

namespace Billing.IntegrationTests.Durability;

/// <summary>
/// Strict durability under sustained load from several agents, with the server SIGKILLed at random moments, several times
/// in a row on the same store: after every restart each channel holds every charge its agent saw acknowledged (and at
/// most one request per kill more, the one in flight), and settlement finally claims exactly what was charged, once.
/// </summary>
public abstract class StrictKillLoopTests(LocalChainFixture chain)
{
    private const ulong Price = 1_000;
    private const int Agents = 3;
    private const int Kills = 3;

    protected abstract Task<ServerStore> CreateStoreAsync();

    [Fact]
    public async Task Every_acknowledged_charge_survives_repeated_kills_under_load()
    {
        await using var store = await CreateStoreAsync();
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var payers = new List<(FundedChannel Channel, HttpClient Agent)>();
        for (var i = 0; i < Agents; i++)
        {
            var channel = await chain.OpenChannelAsync(deposit: 10_000_000, payerKeyIndex: 3 + i);
            var options = ThinPath.PaidRequestSettlementTests.PayerOptionsFor(chain);
            options.ChannelSalt = channel.Config.Salt;
            payers.Add((channel, new HttpClient(new X402PaymentHandler(channel.Payer, options) { InnerHandler = new HttpClientHandler() })));
        }

        var settings = ServerProcess.Settings(
            chain.RpcUrl, chain.Deployment, chain.Receiver.Address, chain.ReceiverAuthorizerKey, store.DataFolder, "kill-loop-operator", Price);
        settings["Channels:Durability"] = "Strict";
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in store.Settings)
        {
            settings[key] = value!;
        }

        var port = ServerProcess.FreePort();
        var acknowledged = new long[Agents];
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                await using var server = await ServerProcess.StartAsync(settings, port);
                var loads = payers.Select((payer, i) => PayUntilKilledAsync(payer.Agent, server, acknowledged, i)).ToList();

                // A random moment once every agent has been served at least once in this life of the server.
                var served = acknowledged.ToArray();
                await PollAsync(() => acknowledged.Select((count, i) => Interlocked.Read(ref acknowledged[i]) > served[i]).All(x => x), "agents were served");
                await Task.Delay(random.Next(0, 400));
                await server.KillAsync();
                await Task.WhenAll(loads);

                await using var restarted = await ServerProcess.StartAsync(settings, port);
                using var operatorApi = OperatorApi(restarted);
                for (var i = 0; i < Agents; i++)
                {
                    var saw = (ulong)Interlocked.Read(ref acknowledged[i]) * Price;
                    var charged = await ChargedAsync(operatorApi, payers[i].Channel);

                    // What must not happen: an acknowledged charge lost, or more charged than the requests in flight at the
                    // kills (one per kill: committed to the log, its answer never delivered).
                    var inFlight = (ulong)(kill + 1) * Price;
                    Assert.True(charged >= saw, $"seed {seed}, kill {kill}, agent {i}: charged {charged} < acknowledged {saw}");
                    Assert.True(charged <= saw + inFlight, $"seed {seed}, kill {kill}, agent {i}: charged {charged} > acknowledged {saw} + {inFlight} in flight");
                }

                await restarted.KillAsync();
            }

            // One more life: each agent pays once more (its voucher builds on what it saw), then settlement claims it all.
            await using var last = await ServerProcess.StartAsync(settings, port);
            using var api = OperatorApi(last);
            foreach (var (_, agent) in payers)
            {
                using var paid = await agent.GetAsync(new Uri(last.BaseAddress, "/v1/fortune"));
                Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            }

            var report = await SettleAsync(api);
            Assert.Empty(report.Problems);
            foreach (var (channel, _) in payers)
            {
                var charged = await ChargedAsync(api, channel);
                Assert.Equal(charged, (await chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
            }

            Assert.Empty((await SettleAsync(api)).ClaimTransactions);
        }
        finally
        {
            foreach (var (_, agent) in payers)
            {
                agent.Dispose();
            }
        }
    }

    private static Task PayUntilKilledAsync(HttpClient agent, ServerProcess server, long[] acknowledged, int index) => Task.Run(async () =>
    {
        while (true)
        {
            try
            {
                using var paid = await agent.GetAsync(new Uri(server.BaseAddress, "/v1/fortune"));
                if (paid.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref acknowledged[index]);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
            {
                // The server was killed. A connection it accepted just before dying can fail inside the handler's
                // connect with a bare SocketException (ENOTCONN reading the remote end point), not wrapped by HttpClient.
                return;
            }
        }
    });

    private static async Task PollAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    private static HttpClient OperatorApi(ServerProcess server)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "kill-loop-operator");
        return http;
    }

    private static async Task<UInt128> ChargedAsync(HttpClient operatorApi, FundedChannel channel)
    {
        var report = await operatorApi.GetFromJsonAsync<ChannelReport>(new Uri($"/operator/channels/{channel.Id}", UriKind.Relative));
        return UInt128.Parse(report!.ChargedCumulative, CultureInfo.InvariantCulture);
    }

    private static async Task<SettlementReport> SettleAsync(HttpClient operatorApi)
    {
        using var response = await operatorApi.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SettlementReport>())!;
    }
}

[Collection(LocalChainCollection.Name)]
public sealed class SqliteStrictKillLoopTests(LocalChainFixture chain) : StrictKillLoopTests(chain)
{
    protected override Task<ServerStore> CreateStoreAsync() => Task.FromResult<ServerStore>(new SqliteServerStore());
}

[Collection(LocalChainCollection.Name)]
public sealed class PostgreSqlStrictKillLoopTests(LocalChainFixture chain) : StrictKillLoopTests(chain)
{
    protected override async Task<ServerStore> CreateStoreAsync() => await PostgreSqlServerStore.CreateAsync();
}
