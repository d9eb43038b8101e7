using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Exact;
using Billing.IntegrationTests.Faults;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Fuzz;
using Billing.X402.Wire;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A client with no channel floods the server with payments it cannot make: vouchers for channels that do not exist,
/// refunds of a channel that holds nothing, bad signatures. None of it may buy chain reads, activations or memory beyond a
/// per-client budget: past it the answer is 429 before any further cost, and before it an unfunded channel is read from the
/// chain at most once. The server's JSON-RPC calls pass through a counting proxy; memory is the in-process server's heap.
/// </summary>
[Collection(MeasuredFloodCollection.Name)]
public sealed class RefusedPaymentsCostNoUnboundedWorkTests(LocalChainFixture chain, ITestOutputHelper output)
{
    private const ulong Price = 1_000;

    /// <summary>One channel read is three eth_calls (getChannel, pending withdrawal, refund nonce) at one block.</summary>
    private const int EthCallsPerChannelRead = 3;

    /// <summary>Verifying an exact authorization reads the payer's balance and the authorization's nonce state.</summary>
    private const int ExactEthCallsPerVerification = 2;

    private const string ExactRoute = "/v1/fortune/once";

    [Fact]
    public async Task Vouchers_for_unknown_channels_get_429_past_the_client_budget_and_read_the_chain_no_more()
    {
        const int budget = 10;
        const int flood = 60;
        await using var run = await FloodTarget.StartAsync(chain, new Dictionary<string, string?>
        {
            ["RateLimits:UnpaidPerClientPerMinute"] = budget.ToString(CultureInfo.InvariantCulture),
        });
        var offer = await run.OfferAsync(); // the challenge spends one unit of the budget too

        var callsBefore = run.Proxy.Forwarded("eth_call");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < flood; i++)
        {
            var (config, signer) = RandomChannel();
            using (signer)
            {
                statuses.Add(await run.PayAsync(VoucherHeaders.Build(offer, chain.Domain, config, Price, signer)));
            }
        }

        var ethCalls = run.Proxy.Forwarded("eth_call") - callsBefore;
        var refused = statuses.Count(status => status == HttpStatusCode.PaymentRequired);
        var limited = statuses.Count(status => status == HttpStatusCode.TooManyRequests);
        output.WriteLine($"{flood} vouchers for random channels: {refused} refused with 402, {limited} with 429, {ethCalls} eth_call");

        Assert.Equal(flood, refused + limited);
        Assert.InRange(refused, 1, budget); // the challenge took one unit; at most one more refills meanwhile
        Assert.Equal(flood - refused, limited);

        // At most one channel read per voucher the budget let through, none for those refused with 429.
        Assert.InRange(ethCalls, 0, refused * EthCallsPerChannelRead);
    }

    [Fact]
    public async Task Exact_payments_from_payers_without_funds_get_429_past_the_client_budget_and_read_the_chain_no_more()
    {
        const int budget = 10;
        const int flood = 40;
        await using var run = await FloodTarget.StartAsync(chain, new Dictionary<string, string?>
        {
            ["RateLimits:UnpaidPerClientPerMinute"] = budget.ToString(CultureInfo.InvariantCulture),
        });
        var offer = await run.OfferAsync(ExactRoute);

        var callsBefore = run.Proxy.Forwarded("eth_call");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < flood; i++)
        {
            using var payer = PrivateKey.Generate();
            var transfer = new SignedTransfer { Offer = offer, Payer = payer, ChainId = chain.Deployment.ChainId };
            statuses.Add(await run.PayAsync(transfer.Header(), ExactRoute));
        }

        var ethCalls = run.Proxy.Forwarded("eth_call") - callsBefore;
        var refused = statuses.Count(status => status == HttpStatusCode.PaymentRequired);
        var limited = statuses.Count(status => status == HttpStatusCode.TooManyRequests);
        output.WriteLine($"{flood} exact payments from unfunded payers: {refused} refused with 402, {limited} with 429, {ethCalls} eth_call");

        Assert.Equal(flood, refused + limited);
        Assert.InRange(refused, 1, budget);
        Assert.InRange(ethCalls, 0, refused * ExactEthCallsPerVerification);
    }

    [Fact]
    public async Task Repeated_vouchers_and_refunds_of_an_unfunded_channel_read_the_chain_once()
    {
        const int repeats = 50;
        await using var run = await FloodTarget.StartAsync(chain, new Dictionary<string, string?>
        {
            ["RateLimits:UnpaidPerClientPerMinute"] = "100000",
            // Far longer than the test, so what bounds the reads here is the cache and not the clock.
            ["Channels:UnfundedChannelTtl"] = "00:10:00",
        });
        var offer = await run.OfferAsync();
        var (config, payer) = RandomChannel();
        using var _ = payer;

        var callsBefore = run.Proxy.Forwarded("eth_call");
        for (var i = 0; i < repeats; i++)
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, await run.PayAsync(VoucherHeaders.Build(offer, chain.Domain, config, Price, payer)));
            Assert.Equal(HttpStatusCode.PaymentRequired, await run.PayAsync(PaymentHeaders.Refund(chain.Domain, offer, config, payer, UInt128.Zero, "1000")));
        }

        var ethCalls = run.Proxy.Forwarded("eth_call") - callsBefore;
        output.WriteLine($"{repeats} vouchers and {repeats} refunds of one unfunded channel: {ethCalls} eth_call");
        Assert.InRange(ethCalls, 0, EthCallsPerChannelRead);
    }

    [Fact]
    public async Task Bad_signatures_for_unknown_channels_leave_no_activations_or_memory_behind()
    {
        const int flood = 8_000;
        await using var run = await FloodTarget.StartAsync(chain, new Dictionary<string, string?>
        {
            ["RateLimits:UnpaidPerClientPerMinute"] = "100000",
            // Every new channel id leaves a grain-location entry behind its activation: the cache is what bounds them.
            ["Cluster:DirectoryCacheSize"] = "500",
        });
        var offer = await run.OfferAsync();
        using var stranger = PrivateKey.Generate();
        async Task FloodAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var (config, payer) = RandomChannel();
                payer.Dispose();
                Assert.Equal(HttpStatusCode.PaymentRequired, await run.PayAsync(VoucherHeaders.Build(offer, chain.Domain, config, Price, stranger)));
            }
        }

        // A first, unmeasured round warms what every request path fills once (JIT, connection pools) and fills the
        // bounded caches (grain locations), so what follows measures what a flood adds.
        await FloodAsync(1_000);
        await run.ChannelActivationsAsync(TimeSpan.FromSeconds(20), atMost: 0);
        var channelsBefore = await run.ChannelActivationsAsync();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var callsBefore = run.Proxy.Forwarded("eth_call");

        var started = TimeProvider.System.GetTimestamp();
        await FloodAsync(flood);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        // Deactivation follows the answer; give the silo a bounded moment to finish it.
        var channels = await run.ChannelActivationsAsync(TimeSpan.FromSeconds(20), atMost: channelsBefore);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var ethCalls = run.Proxy.Forwarded("eth_call") - callsBefore;
        output.WriteLine(
            $"{flood} bad signatures in {elapsed.TotalSeconds:F1} s ({flood / elapsed.TotalSeconds:F0}/s, client included): " +
            $"channel activations {channelsBefore} -> {channels}, heap {heapBefore:N0} -> {heapAfter:N0} bytes " +
            $"({(heapAfter - heapBefore) / (double)flood:F0} B per voucher), {ethCalls} eth_call");

        Assert.Equal(0, ethCalls); // a bad signature is refused before the chain is read
        Assert.InRange(channels, 0, channelsBefore);

        // Each kept activation held about 4 KB (32 MB for this flood); with full caches a flood adds under 100 B a voucher
        // on a quiet machine. The bound leaves room for what a busy machine adds once and not per voucher (the thread
        // pool grows, and each new thread keeps its own pooled buffers), which measured up to 3.7 MB.
        Assert.InRange(heapAfter - heapBefore, long.MinValue, flood * 512L);
    }

    private (ChannelConfig Config, PrivateKey Payer) RandomChannel()
    {
        var payer = PrivateKey.Generate();
        var config = new ChannelConfig(
            payer.Address, payer.Address, chain.Receiver.Address, chain.ReceiverAuthorizer.Address, Address.Parse(chain.Deployment.Token), 900, LocalChainFixture.RandomSalt());
        return (config, payer);
    }

    /// <summary>A server whose JSON-RPC calls pass through a counting proxy in front of the collection's anvil.</summary>
    private sealed class FloodTarget : IAsyncDisposable
    {
        private readonly string _dataFolder;
        private readonly HttpClient _http = new();

        private FloodTarget(RpcFaultProxy proxy, LocalServer server, string dataFolder)
        {
            Proxy = proxy;
            Server = server;
            _dataFolder = dataFolder;
        }

        public RpcFaultProxy Proxy { get; }

        public LocalServer Server { get; }

        private Uri Fortune => new(Server.BaseAddress, "/v1/fortune");

        public async Task<PaymentRequirements> OfferAsync(string path)
        {
            using var unpaid = await _http.GetAsync(new Uri(Server.BaseAddress, path));
            return X402Responses.PaymentRequired(unpaid).Accepts.Single();
        }

        public async Task<HttpStatusCode> PayAsync(string header, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseAddress, path));
            request.Headers.Add("PAYMENT-SIGNATURE", header);
            using var response = await _http.SendAsync(request);
            return response.StatusCode;
        }

        public static async Task<FloodTarget> StartAsync(LocalChainFixture chain, IReadOnlyDictionary<string, string?> overrides)
        {
            var dataFolder = Directory.CreateTempSubdirectory("billing-flood-").FullName;
            var proxy = await RpcFaultProxy.StartAsync(chain.RpcUrl);
            var server = await LocalServer.StartAsync(new LocalServerSettings(
                chain.Deployment, proxy.Url, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, dataFolder, Price)
            {
                Overrides = overrides,
            });
            return new FloodTarget(proxy, server, dataFolder);
        }

        public async Task<PaymentRequirements> OfferAsync()
        {
            using var unpaid = await _http.GetAsync(Fortune);
            return X402Responses.PaymentRequired(unpaid).Accepts.Single();
        }

        public async Task<HttpStatusCode> PayAsync(string header)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Fortune);
            request.Headers.Add("PAYMENT-SIGNATURE", header);
            using var response = await _http.SendAsync(request);
            return response.StatusCode;
        }

        public async Task<int> ChannelActivationsAsync()
        {
            var management = Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            var statistics = await management.GetSimpleGrainStatistics();
            return statistics.Where(s => s.GrainType.Contains("ChannelGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        }

        /// <summary>Polls until at most <paramref name="atMost"/> channel grains are active, or the deadline passes.</summary>
        public async Task<int> ChannelActivationsAsync(TimeSpan within, int atMost)
        {
            var deadline = DateTimeOffset.UtcNow + within;
            var channels = await ChannelActivationsAsync();
            while (channels > atMost && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
                channels = await ChannelActivationsAsync();
            }

            return channels;
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await Server.DisposeAsync();
            await Proxy.DisposeAsync();
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}

/// <summary>
/// Flood tests measure RPC calls and the process's heap: they run alone (never beside other collections) on an anvil of
/// their own, so nothing else moves the figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredFloodCollection : ICollectionFixture<LocalChainFixture>
{
    public const string Name = "measured flood";
}
