using System.Globalization;
using Billing.Cli.Upstream;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Load;
using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// stream-tokens: paid, streamed chat completions through the metered gateway from the demo upstream, all in this
/// process on loopback, one stream at a time per channel, every channel at once (closed loop). One operation is one
/// metered completion token: the demo upstream streams one token per SSE chunk (stream-tokens, as OpenAI-compatible
/// servers do by default) or <see cref="BatchedTokensPerChunk"/> (stream-tokens-batched, as servers that batch under load
/// may), and the gateway meters each chunk and charges the usage the upstream reports. Latency is the gap between consecutive token chunks as the client receives
/// them (inter-token latency); time to first token is reported apart. stream-tokens-upstream-direct runs the same
/// client against the demo upstream without the gateway, so the difference is what the gateway costs.
/// </summary>
public static class StreamTokensScenario
{
    public const string Name = "stream-tokens";
    public const string BatchedName = "stream-tokens-batched";

    /// <summary>Tokens per chunk of the batched variant: what a batching server sends under load, not a tuned value.</summary>
    public const int BatchedTokensPerChunk = 16;

    private const string DirectSuffix = "-upstream-direct";

    private const string Durability = "Windowed";
    private const string Route = "/v1/chat/completions";

    /// <summary>The demo upstream answers a 35-word prompt with 45 words (5 + 35 × 7 mod 41): its longest completion.</summary>
    private const int CompletionTokens = 45;

    private static readonly string Body = StreamRequestBody.Chat(promptWords: 35, maxTokens: CompletionTokens);

    /// <summary>The scenario with <paramref name="tokensPerChunk"/> tokens per SSE chunk, and the same client straight to the upstream.</summary>
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LocalChain chain, LoadSettings settings, int tokensPerChunk, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var name = tokensPerChunk == 1 ? Name : BatchedName;
        var perChunk = tokensPerChunk == 1 ? "one token per SSE chunk" : $"{tokensPerChunk} tokens per SSE chunk";
        log.WriteLine($"  {name}: demo upstream ({perChunk}) → metered gateway (YARP) → {settings.Channels} concurrent streams, SQLite, {Durability} durability");
        await using var upstream = await DemoUpstream.StartAsync(new DemoUpstreamOptions { TokensPerChunk = tokensPerChunk }, cancellationToken);

        var direct = await RunDirectAsync(upstream, settings, name + DirectSuffix, log);

        await using var server = await OurServer.StartAsync(chain, settings, Durability, "Sqlite", null, cancellationToken, GatewaySettings(upstream.BaseAddress));
        using var streams = new TokenStreams(new Uri(server.Server.BaseAddress, Route), settings.Channels, Body);
        var accepted = await streams.ReadOfferAsync(cancellationToken);
        var ceiling = UInt128.Parse(accepted.Amount, CultureInfo.InvariantCulture);

        using var payer = LocalChain.Payer();
        var payments = new StreamPayments(new VoucherBook(chain.Domain, chain.Channels, payer, settings.Price), accepted, ceiling);
        var run = new StreamRun(streams, payments);
        await run.WarmUpAsync(settings.WarmupPerChannel, settings.Channels);
        var metered = await run.MeasureAsync(settings.StreamsPerChannel, settings.Channels, settings.ClosedLoopDuration);
        log.WriteLine($"    {metered.OpsPerSecond:F0} tokens/s metered, inter-token p50 {metered.P50Microseconds:F0} µs p99 {metered.P99Microseconds:F0} µs, {metered.Errors} errors");
        var streamed = metered with { Name = name, Details = WithTokensPerChunk(metered.Details, tokensPerChunk) };
        return
        [
            streamed with
            {
                Settings = string.Create(CultureInfo.InvariantCulture, $"{settings.Channels} concurrent paid streams (one per channel), {CompletionTokens} completion tokens each, {perChunk}, usage reported; ceiling {ceiling} atomic units; {settings.ClosedLoopDuration.TotalSeconds:0} s closed loop after {settings.WarmupPerChannel} warm-up streams per channel; each voucher signed by the client when its stream starts (charged so far + ceiling, as an agent does: ~27 µs, under 1 µs per token); upstream, gateway (Orleans silo + Kestrel + YARP), SQLite and client in this process"),
                Note = streams.FirstFailure,
            },
            direct with { Details = WithTokensPerChunk(direct.Details, tokensPerChunk) },
        ];
    }

    private static async Task<ScenarioResult> RunDirectAsync(DemoUpstream upstream, LoadSettings settings, string directName, TextWriter log)
    {
        using var streams = new TokenStreams(new Uri(upstream.BaseAddress, Route), settings.Channels, Body);
        var run = new StreamRun(streams, payments: null);
        await run.WarmUpAsync(settings.WarmupPerChannel, settings.Channels);
        var result = await run.MeasureAsync(settings.StreamsPerChannel, settings.Channels, settings.ClosedLoopDuration);
        log.WriteLine($"    {directName}: {result.OpsPerSecond:F0} tokens/s straight from the demo upstream (no gateway, no payment)");
        return result with
        {
            Name = directName,
            Settings = string.Create(CultureInfo.InvariantCulture, $"the same client and request against the demo upstream directly: no gateway, no payment; {settings.Channels} concurrent streams, {settings.ClosedLoopDuration.TotalSeconds:0} s closed loop"),
            Note = streams.FirstFailure,
        };
    }

    private static Dictionary<string, double> WithTokensPerChunk(IReadOnlyDictionary<string, double>? details, int tokensPerChunk) =>
        new(details ?? new Dictionary<string, double>()) { ["tokens_per_chunk"] = tokensPerChunk };

    private static Dictionary<string, string?> GatewaySettings(Uri upstream) => new()
    {
        ["Gateway:Clusters:demo:Address"] = upstream.ToString(),
        ["Gateway:Routes:chat:Path"] = Route,
        ["Gateway:Routes:chat:Cluster"] = "demo",
        ["Gateway:Routes:chat:Prices:0:Model"] = "*",
        ["Gateway:Routes:chat:Prices:0:Call"] = "$0.0001/call",
        ["Gateway:Routes:chat:Prices:0:Input"] = "$0.15/1M tokens",
        ["Gateway:Routes:chat:Prices:0:CachedInput"] = "$0.075/1M tokens",
        ["Gateway:Routes:chat:Prices:0:Output"] = "$0.60/1M tokens",
    };
}
