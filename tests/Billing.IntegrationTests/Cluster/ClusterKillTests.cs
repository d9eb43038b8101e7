using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Billing.Cli.Upstream;
using Billing.Client.Channels;
using Billing.Client.Payments;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Gateway;
using Billing.IntegrationTests.Reconciliation;
using Billing.X402.Http;
using Xunit.Abstractions;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Cluster;

/// <summary>
/// Three <c>billing serve</c> processes form one cluster on PostgreSQL, agents stream metered completions through all of
/// them (each channel's requests spread over every silo), and one silo is SIGKILLed mid-stream, then restarted. What must
/// not happen: a channel stranded past the failover bound, an answer a client cannot act on (a 5xx other than 503 with
/// Retry-After), a stream served in full and not charged, an acknowledged charge lost, a charge booked twice, a claim
/// other than what was charged, or a journal that does not reconcile.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ClusterKillTests(LocalChainFixture chain, ITestOutputHelper output)
{
    private const int Silos = 3;
    private const int Agents = 6;
    private const ulong Deposit = 50_000_000;
    private const int StreamTokens = 30;
    private const string OperatorToken = "cluster-kill-operator";

    // What a channel may wait after a silo dies: membership's eviction (about 10 s at Orleans' defaults, longer on a busy
    // machine), or a lapsed reservation's timeout (10 s by default), with room for a 2-core machine running all three silos.
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(45);

    /// <param name="probeTimeout">
    /// Unset: Orleans' failure detection as it ships (eviction in about 8-15 s here). 2 s: a dead silo is evicted in about 3 s,
    /// so streams on the survivors still running when their channel comes back elsewhere must commit through the move.
    /// </param>
    [Theory]
    [InlineData(null)]
    [InlineData("00:00:02")]
    public async Task A_silo_killed_under_streaming_load_strands_no_channel_and_loses_or_repeats_no_charge(string? probeTimeout)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        await using var store = await PostgreSqlServerStore.CreateAsync();
        await using var upstream = await DemoUpstream.StartAsync(new DemoUpstreamOptions { TokensPerSecond = 20, CompletionTokens = StreamTokens });
        var silos = new ServerProcess?[Silos];
        var settings = Enumerable.Range(0, Silos).Select(_ => SiloSettings(store, upstream, probeTimeout)).ToArray();
        var ports = Enumerable.Range(0, Silos).Select(_ => ServerProcess.FreePort()).ToArray();
        var agents = new List<Agent>();
        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, Silos).Select(i => ServerProcess.StartAsync(settings[i], ports[i])));
            started.CopyTo(silos, 0);
            await WaitForActiveAsync(store, Silos);
            for (var i = 0; i < Agents; i++)
            {
                agents.Add(await Agent.OpenAsync(chain, i));
            }

            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var attempts = new ConcurrentQueue<Attempt>();
            var loads = agents.Select(agent => Task.Run(() => agent.StreamUntilStoppedAsync(silos, clock, attempts, stop.Token))).ToList();

            // Kill while streams run, once every channel has been served on the cluster.
            await PollAsync(() => agents.All(a => attempts.Count(x => x.Agent == a.Index && x.Outcome == Outcome.Paid) >= 2), "every agent was served twice");
            await Task.Delay(random.Next(200, 1_200));
            var victim = random.Next(Silos);
            var killedAt = clock.Elapsed;
            await silos[victim]!.KillAsync();
            var evicted = EvictionAsync(store, clock);

            // Every channel is served again on the survivors within the bound.
            await PollAsync(
                () => agents.All(a => attempts.Any(x => x.Agent == a.Index && x.Outcome == Outcome.Paid && x.Start > killedAt)),
                "every agent was served after the kill",
                FailoverBound);
            var evictedAfter = await evicted - killedAt;

            // The victim comes back on its port and serves its share again.
            var restartedAt = clock.Elapsed;
            silos[victim] = await ServerProcess.StartAsync(settings[victim], ports[victim]);
            await PollAsync(
                () => attempts.Any(x => x.Silo == victim && x.Outcome == Outcome.Paid && x.Start > restartedAt),
                "the restarted silo served a paid stream",
                TimeSpan.FromSeconds(60));
            await stop.CancelAsync();
            await Task.WhenAll(loads);

            Report(attempts, seed, victim, killedAt, evictedAfter, agents, silos);
            AssertEveryAnswerWasActionable(attempts, seed, victim);

            // Each agent pays once more, so its view includes whatever the cluster charged for a stream it never saw end.
            foreach (var agent in agents)
            {
                await agent.PayOnceAsync(silos[(victim + 1) % Silos]!);
            }

            using var api = new OperatorClient(silos[(victim + 1) % Silos]!.BaseAddress, OperatorToken);
            foreach (var agent in agents)
            {
                var charged = await ChargedAsync(api, agent);
                var seen = await agent.ChargedAsSeenAsync();
                Assert.True(charged == seen, $"seed {seed}, agent {agent.Index}: the cluster charged {charged}, the agent was told {seen}");
            }

            var settlement = await api.SettleAsync();
            Assert.Empty(settlement.Problems);
            foreach (var agent in agents)
            {
                Assert.Equal(await ChargedAsync(api, agent), (await chain.Contract.GetChannelAsync(agent.Channel.Id)).TotalClaimed);
            }

            Assert.Empty((await api.SettleAsync()).ClaimTransactions);
            var reconciliation = await api.ReconcileAsync();
            Assert.True(reconciliation.Balanced, $"seed {seed}: {string.Join("; ", reconciliation.Discrepancies.Select(d => d.Detail))}");
            Assert.Empty(reconciliation.Discrepancies);
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }

            foreach (var silo in silos)
            {
                if (silo is not null)
                {
                    await silo.DisposeAsync();
                }
            }
        }
    }

    private Dictionary<string, string> SiloSettings(PostgreSqlServerStore store, DemoUpstream upstream, string? probeTimeout)
    {
        var settings = ServerProcess.Settings(
            chain.RpcUrl, chain.Deployment, chain.Receiver.Address, chain.ReceiverAuthorizerKey, store.DataFolder, OperatorToken, 1_000);
        foreach (var (key, value) in store.Settings)
        {
            settings[key] = value!;
        }

        settings["Cluster:UseDatabaseMembership"] = "true";
        settings["Cluster:ClusterId"] = "billing-kill-test";
        settings["Cluster:AdvertisedAddress"] = "127.0.0.1";
        settings["Cluster:ListenAddress"] = "127.0.0.1";
        if (probeTimeout is not null)
        {
            settings["Cluster:Membership:ProbeTimeout"] = probeTimeout;
        }

        settings["Channels:Durability"] = "Strict";
        settings["RateLimits:UnpaidPerClientPerMinute"] = "100000";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Gateway:Clusters:demo:Address"] = upstream.BaseAddress.ToString();
        settings["Gateway:Routes:chat:Path"] = "/v1/chat/completions";
        settings["Gateway:Routes:chat:Cluster"] = "demo";
        settings["Gateway:Routes:chat:Prices:0:Model"] = "*";
        settings["Gateway:Routes:chat:Prices:0:Call"] = TestPrices.CallText;
        settings["Gateway:Routes:chat:Prices:0:Input"] = TestPrices.InputText;
        settings["Gateway:Routes:chat:Prices:0:Output"] = TestPrices.OutputText;
        return settings;
    }

    private void Report(
        ConcurrentQueue<Attempt> attempts, int seed, int victim, TimeSpan killedAt, TimeSpan evictedAfter, List<Agent> agents, ServerProcess?[] silos)
    {
        output.WriteLine($"seed {seed}: silo {victim} killed at {killedAt.TotalSeconds:F1} s, evicted {evictedAfter.TotalSeconds:F1} s later");
        var logs = string.Concat(silos.Select(s => s?.Output));
        output.WriteLine($"  survivors' commits retried while a channel was unreachable: {Occurrences(logs, "unreachable while the cluster recovers")}, "
            + $"reservations made again from their voucher: {Occurrences(logs, "reserved again from its voucher")}");
        foreach (var group in attempts.GroupBy(a => a.Outcome).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {group.Key}: {group.Count()}");
        }

        foreach (var agent in agents)
        {
            var before = attempts.Where(a => a.Agent == agent.Index && a.Outcome == Outcome.Paid && a.End <= killedAt).Select(a => a.End).DefaultIfEmpty(killedAt).Max();
            var after = attempts.Where(a => a.Agent == agent.Index && a.Outcome == Outcome.Paid && a.Start > killedAt).Min(a => a.End);
            output.WriteLine($"  agent {agent.Index}: no paid stream for {(after - before).TotalSeconds:F1} s around the kill");
        }

        foreach (var refused in attempts.Where(a => a.Outcome == Outcome.Refused).GroupBy(a => a.Detail))
        {
            output.WriteLine($"  refused {refused.Count()}x: {refused.Key}");
        }

        foreach (var cut in attempts.Where(a => a.Outcome == Outcome.Cut))
        {
            output.WriteLine($"  cut: agent {cut.Agent} on silo {cut.Silo} at {cut.Start.TotalSeconds:F1}-{cut.End.TotalSeconds:F1} s: {cut.Detail}");
        }
    }

    private static int Occurrences(string text, string what) =>
        text.Split('\n').Count(line => line.Contains(what, StringComparison.Ordinal));

    private static void AssertEveryAnswerWasActionable(ConcurrentQueue<Attempt> attempts, int seed, int victim)
    {
        // A stream cut on a silo that lived lost its charge (its commit failed): tokens served free as well.
        var unacceptable = attempts
            .Where(a => a.Outcome is Outcome.ServedFree or Outcome.Unexpected || (a.Outcome == Outcome.Cut && a.Silo != victim))
            .ToList();
        Assert.True(
            unacceptable.Count == 0,
            $"seed {seed}: {string.Join("; ", unacceptable.Select(a => $"agent {a.Agent} on silo {a.Silo} at {a.Start.TotalSeconds:F1} s: {a.Outcome} {a.Detail}"))}");
    }

    private static async Task<TimeSpan> EvictionAsync(PostgreSqlServerStore store, Stopwatch clock)
    {
        await WaitForActiveAsync(store, Silos - 1);
        return clock.Elapsed;
    }

    private static async Task WaitForActiveAsync(PostgreSqlServerStore store, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await ClusterServers.ActiveAsync(store)).Count != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Membership never listed {count} active silos.");
            await Task.Delay(100);
        }
    }

    private static async Task PollAsync(Func<bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    private static async Task<UInt128> ChargedAsync(OperatorClient operatorApi, Agent agent) =>
        UInt128.Parse((await operatorApi.ChannelAsync(agent.Channel.Id))!.ChargedCumulative, CultureInfo.InvariantCulture);

    private enum Outcome
    {
        /// <summary>Streamed to its end and charged.</summary>
        Paid,

        /// <summary>The silo was down: the connection failed before a request was sent.</summary>
        Unreachable,

        /// <summary>The stream broke off with its silo.</summary>
        Cut,

        /// <summary>503 with Retry-After: nothing was charged, the client may send again.</summary>
        Retry,

        /// <summary>A 402 the client could not answer, with an x402 reason.</summary>
        Refused,

        /// <summary>A stream delivered to its end whose charge failed: tokens for free.</summary>
        ServedFree,

        /// <summary>Anything else (a 500, a 402 without a reason).</summary>
        Unexpected,
    }

    private sealed record Attempt(int Agent, int Silo, TimeSpan Start, TimeSpan End, Outcome Outcome, string Detail);

    /// <summary>A payer on a channel of its own, streaming completions round-robin over every silo.</summary>
    private sealed class Agent : IDisposable
    {
        private readonly InMemoryPayerChannelStore _store = new();
        private readonly HttpClient _http;

        private Agent(int index, FundedChannel channel, LocalChainFixture chain)
        {
            Index = index;
            Channel = channel;
            var options = new PayerOptions
            {
                SettlementContract = Billing.Evm.Address.Parse(chain.Deployment.BatchSettlement),
                Limits = new Billing.Core.Budgets.SpendLimits
                {
                    PerRequest = 1_000_000,
                    AllowedAssets = [chain.Deployment.Token],
                    AllowedNetworks = [Billing.X402.Formats.Caip2.FormatEip155(chain.Deployment.ChainId)],
                },
                ChannelSalt = channel.Config.Salt,
            };
            var transport = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) };
            _http = new HttpClient(new X402PaymentHandler(channel.Payer, options, _store) { InnerHandler = transport })
            {
                Timeout = TimeSpan.FromSeconds(60),
            };
        }

        public int Index { get; }

        public FundedChannel Channel { get; }

        public static async Task<Agent> OpenAsync(LocalChainFixture chain, int index) =>
            new(index, await chain.OpenChannelAsync(Deposit, payerKeyIndex: 3 + (index % 5)), chain);

        public async Task StreamUntilStoppedAsync(ServerProcess?[] silos, Stopwatch clock, ConcurrentQueue<Attempt> attempts, CancellationToken stop)
        {
            for (var turn = Index; !stop.IsCancellationRequested; turn++)
            {
                var silo = turn % silos.Length;
                var start = clock.Elapsed;
                var (outcome, detail) = await StreamAsync(silos[silo]!.BaseAddress);
                attempts.Enqueue(new Attempt(Index, silo, start, clock.Elapsed, outcome, detail));
                if (outcome is not Outcome.Paid)
                {
                    // What a client does with a refused connection, a Retry-After or a busy channel: try again shortly.
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }

        public async Task PayOnceAsync(ServerProcess silo)
        {
            var (outcome, detail) = await StreamAsync(silo.BaseAddress);
            Assert.True(outcome == Outcome.Paid, $"agent {Index}: {outcome} {detail}");
        }

        public async Task<UInt128> ChargedAsSeenAsync() =>
            (await _store.GetAsync(Channel.Id, CancellationToken.None))?.ChargedCumulative ?? UInt128.Zero;

        private async Task<(Outcome, string)> StreamAsync(Uri silo)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(silo, "/v1/chat/completions"))
            {
                Content = Chat($"agent {Index} asks for a story", maxTokens: StreamTokens + 2, stream: true, includeUsage: true),
            };
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
            {
                return (Outcome.Unreachable, ex.Message);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException)
            {
                return (Outcome.Cut, ex.Message);
            }
            catch (PaymentDeclinedException ex)
            {
                return (Outcome.Refused, ex.Message);
            }

            using (response)
            {
                return response.StatusCode switch
                {
                    HttpStatusCode.OK => await ReadStreamAsync(response),
                    HttpStatusCode.ServiceUnavailable when response.Headers.RetryAfter is not null => (Outcome.Retry, "503"),
                    HttpStatusCode.PaymentRequired when X402Responses.PaymentRequired(response).Error is { Length: > 0 } reason => (Outcome.Refused, reason),
                    _ => (Outcome.Unexpected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"),
                };
            }
        }

        private static async Task<(Outcome, string)> ReadStreamAsync(HttpResponseMessage response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return (Outcome.Cut, ex.Message);
            }

            var events = ParseEvents(body);
            if (!body.Contains("data: [DONE]", StringComparison.Ordinal))
            {
                return (Outcome.Cut, "the stream ended before [DONE]");
            }

            var charge = events.SingleOrDefault(e => e.Name == "x402-charge")?.Data;
            return charge is not null && charge["error"] is null
                ? (Outcome.Paid, (string)charge["chargedAmount"]!)
                : (Outcome.ServedFree, charge?.ToJsonString() ?? "no charge event");
        }

        public void Dispose() => _http.Dispose();
    }
}
