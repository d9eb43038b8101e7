using System.Globalization;
using Billing.Cli.LocalChain;
using Billing.Cli.Upstream;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Interop;

namespace Billing.IntegrationTests.Gateway;

/// <summary>The billing server with its gateway in front of an in-process demo upstream, on the shared local chain.</summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    private readonly string _dataFolder;

    private GatewayServer(DemoUpstream upstream, LocalServer server, string dataFolder)
    {
        Upstream = upstream;
        Server = server;
        _dataFolder = dataFolder;
    }

    public DemoUpstream Upstream { get; }

    public LocalServer Server { get; }

    public static Task<GatewayServer> StartAsync(LocalChainFixture chain, IReadOnlyDictionary<string, string?>? settings = null, DemoUpstreamOptions? upstream = null) =>
        StartAsync(chain.Deployment, chain.RpcUrl, chain.Receiver.Address, chain.ReceiverAuthorizerKey, settings, upstream);

    /// <summary>The same gateway on the chain with the contracts at their canonical addresses (what the official client expects).</summary>
    public static Task<GatewayServer> StartAsync(CanonicalChainFixture chain, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(chain.Deployment, chain.RpcUrl, chain.Receiver.Address, chain.ReceiverAuthorizerKey, settings, upstreamOptions: null);

    private static async Task<GatewayServer> StartAsync(
        Deployment deployment, Uri rpcUrl, Address receiver, string receiverAuthorizerKey, IReadOnlyDictionary<string, string?>? settings, DemoUpstreamOptions? upstreamOptions)
    {
        var upstream = await DemoUpstream.StartAsync(upstreamOptions ?? new DemoUpstreamOptions());
        var dataFolder = Directory.CreateTempSubdirectory("billing-gateway-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["RateLimits:UnpaidPerClientPerMinute"] = "100000",
            ["Gateway:DefaultMaxOutputTokens"] = "64",
            ["Gateway:Clusters:demo:Address"] = upstream.BaseAddress.ToString(),
            ["Gateway:Clusters:demo:ActivityTimeout"] = "00:00:02",

            // Nothing listens on port 1: every request to this cluster fails to connect.
            ["Gateway:Clusters:dead:Address"] = "http://127.0.0.1:1/",
            ["Gateway:Routes:chat:Path"] = "/v1/chat/completions",
            ["Gateway:Routes:chat:Cluster"] = "demo",
            ["Gateway:Routes:completions:Path"] = "/v1/completions",
            ["Gateway:Routes:completions:Cluster"] = "demo",
            ["Gateway:Routes:responses:Path"] = "/v1/responses",
            ["Gateway:Routes:responses:Cluster"] = "demo",
            ["Gateway:Routes:embeddings:Path"] = "/v1/embeddings",
            ["Gateway:Routes:embeddings:Cluster"] = "demo",
            ["Gateway:Routes:embeddings:Prices:0:Model"] = "*",
            ["Gateway:Routes:embeddings:Prices:0:Input"] = TestPrices.EmbeddingInputText,
            ["Gateway:Routes:dead:Path"] = "/dead/v1/chat/completions",
            ["Gateway:Routes:dead:Cluster"] = "dead",
        };
        foreach (var route in new[] { "chat", "completions", "responses", "dead" })
        {
            overrides[$"Gateway:Routes:{route}:Prices:0:Model"] = "*";
            overrides[$"Gateway:Routes:{route}:Prices:0:Call"] = TestPrices.CallText;
            overrides[$"Gateway:Routes:{route}:Prices:0:Input"] = TestPrices.InputText;
            overrides[$"Gateway:Routes:{route}:Prices:0:CachedInput"] = TestPrices.CachedInputText;
            overrides[$"Gateway:Routes:{route}:Prices:0:Output"] = TestPrices.OutputText;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var server = await LocalServer.StartAsync(new LocalServerSettings(
            deployment, rpcUrl, receiver.ToString(), receiverAuthorizerKey, dataFolder, Price: 1_000)
        {
            Overrides = overrides,
        });
        return new GatewayServer(upstream, server, dataFolder);
    }

    /// <summary>What the channel's grain has charged, as the operator API reports it (0 for a channel it never saw).</summary>
    public async Task<ulong> ChargedAsync(Hash32 channelId)
    {
        using var operatorApi = new OperatorClient(Server);
        var view = await operatorApi.ChannelAsync(channelId);
        return view is null ? 0UL : ulong.Parse(view.ChargedCumulative, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Upstream.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
