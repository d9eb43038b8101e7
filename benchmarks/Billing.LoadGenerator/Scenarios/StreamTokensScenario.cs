using System.Globalization;
using Billing.Cli.Upstream;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Load;
using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// stream-tokens: paid, streamed chat completions through the metered gateway from the demo upstream, all in this
/// process on loopback, one stream at a time per channel, every channel at once (closed loop), then streams offered at
/// half of that rate (open loop) for time to first token at half load. One operation is one metered completion token:
/// the demo upstream streams one token per SSE chunk (as OpenAI-compatible servers do by default) or
/// <see cref="BatchedTokensPerChunk"/> (as servers that batch under load may), 45 tokens a completion or
/// <see cref="LongCompletionTokens"/> (the -long variants, closer to real completions), and the gateway meters each
/// chunk and charges the usage the upstream reports. Latency is the gap between consecutive token chunks as the client
/// receives them (inter-token latency); time to first token is reported apart. Each variant's -upstream-direct run is the
/// same client against the demo upstream without the gateway, so the difference is what the gateway costs.
/// </summary>
public static class StreamTokensScenario
{
    public const string Name = "stream-tokens";
    public const string BatchedName = "stream-tokens-batched";
    public const string LongName = "stream-tokens-long";
    public const string LongBatchedName = "stream-tokens-long-batched";

    /// <summary>Appended to a variant's name for the same client straight to the upstream.</summary>
    public const string DirectSuffix = "-upstream-direct";

    /// <summary>Tokens per chunk of the batched variants: what a batching server sends under load, not a tuned value.</summary>
    public const int BatchedTokensPerChunk = 16;

    /// <summary>The -long variants' completion: within the 400 to 1,000 tokens of real chat answers, not a tuned value.</summary>
    public const int LongCompletionTokens = 600;

    /// <summary>The demo upstream answers a 35-word prompt with 45 words (5 + 35 × 7 mod 41): its longest default completion.</summary>
    private const int ShortCompletionTokens = 45;

    private const int PromptWords = 35;
    private const string Durability = "Windowed";
    private const string Route = "/v1/chat/completions";

    /// <summary>Every variant, in the order they run.</summary>
    public static IReadOnlyList<Variant> Variants { get; } =
    [
        new(Name, 1, ShortCompletionTokens),
        new(BatchedName, BatchedTokensPerChunk, ShortCompletionTokens),
        new(LongName, 1, LongCompletionTokens),
        new(LongBatchedName, BatchedTokensPerChunk, LongCompletionTokens),
    ];

    /// <summary>The variant, then the same client straight to the upstream.</summary>
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LocalChain chain, LoadSettings settings, Variant variant, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine($"  {variant.Name}: demo upstream ({variant.Describe()}) → metered gateway (YARP) → {settings.Channels} concurrent streams, SQLite, {Durability} durability");
        await using var upstream = await DemoUpstream.StartAsync(
            new DemoUpstreamOptions { TokensPerChunk = variant.TokensPerChunk, CompletionTokens = variant.CompletionTokens }, cancellationToken);

        // The direct client stays open for a second open loop at the metered half load: the same offered streams/s.
        var body = StreamRequestBody.Chat(PromptWords, maxTokens: variant.CompletionTokens);
        using var directStreams = new TokenStreams(new Uri(upstream.BaseAddress, Route), settings.Channels, body);
        var directRun = new StreamRun(directStreams, payments: null);
        await directRun.WarmUpAsync(settings.WarmupPerChannel, settings.Channels);
        var direct = await directRun.MeasureAsync(settings.StreamsPerChannel, settings.Channels, settings.ClosedLoopDuration, settings.OpenLoopDuration);
        Log(log, variant.Direct, direct);

        var metered = await RunMeteredAsync(chain, settings, upstream, body, log, cancellationToken);
        Log(log, variant.Name, metered.Result);

        var meteredHalfLoad = metered.Result.Details!["half_load_streams_per_s"];
        var sameLoad = await directRun.OpenLoopAsync(meteredHalfLoad, settings.Channels, settings.OpenLoopDuration);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {variant.Direct} at the metered half load ({meteredHalfLoad:F0} streams/s): first token p50 {sameLoad.FirstTokenMicroseconds(0.50):F0} µs p99 {sameLoad.FirstTokenMicroseconds(0.99):F0} µs"));

        return
        [
            metered.Result with
            {
                Name = variant.Name,
                Details = WithVariant(metered.Result.Details, variant),
                Settings = string.Create(CultureInfo.InvariantCulture, $"{settings.Channels} concurrent paid streams (one per channel), {variant.CompletionTokens} completion tokens each, {variant.Describe()}, usage reported; ceiling {metered.Ceiling} atomic units; {settings.ClosedLoopDuration.TotalSeconds:0} s closed loop after {settings.WarmupPerChannel} warm-up streams per channel, then {settings.OpenLoopDuration.TotalSeconds:0} s open loop at half its streams/s; each voucher signed by the client when its stream starts (charged so far + ceiling, as an agent does: ~27 µs); upstream, gateway (Orleans silo + Kestrel + YARP), SQLite and client in this process"),
                Note = metered.Note,
            },
            direct with
            {
                Name = variant.Direct,
                Details = new Dictionary<string, double>(WithVariant(direct.Details, variant))
                {
                    ["metered_half_load_streams_per_s"] = meteredHalfLoad,
                    ["metered_half_load_first_token_p50_us"] = Math.Round(sameLoad.FirstTokenMicroseconds(0.50), 1),
                    ["metered_half_load_first_token_p99_us"] = Math.Round(sameLoad.FirstTokenMicroseconds(0.99), 1),
                },
                Errors = direct.Errors + sameLoad.Streams.Errors,
                Settings = string.Create(CultureInfo.InvariantCulture, $"the same client and request against the demo upstream directly: no gateway, no payment; {settings.Channels} concurrent streams, {settings.ClosedLoopDuration.TotalSeconds:0} s closed loop, {settings.OpenLoopDuration.TotalSeconds:0} s open loop at half its streams/s, and {settings.OpenLoopDuration.TotalSeconds:0} s at the metered run's half load (metered_half_load_*)"),
                Note = directStreams.FirstFailure,
            },
        ];
    }

    private static async Task<(ScenarioResult Result, UInt128 Ceiling, string? Note)> RunMeteredAsync(
        LocalChain chain, LoadSettings settings, DemoUpstream upstream, string body, TextWriter log, CancellationToken cancellationToken)
    {
        await using var server = await OurServer.StartAsync(chain, settings, Durability, "Sqlite", null, cancellationToken, GatewaySettings(upstream.BaseAddress));
        using var streams = new TokenStreams(new Uri(server.Server.BaseAddress, Route), settings.Channels, body);

        // The 402's amount prices the body's max_tokens (the variant's whole completion) at the dearest output rate.
        var accepted = await streams.ReadOfferAsync(cancellationToken);
        var ceiling = UInt128.Parse(accepted.Amount, CultureInfo.InvariantCulture);

        using var payer = LocalChain.Payer();
        var payments = new StreamPayments(new VoucherBook(chain.Domain, chain.Channels, payer, settings.Price), accepted, ceiling);
        var run = new StreamRun(streams, payments);
        await run.WarmUpAsync(settings.WarmupPerChannel, settings.Channels);
        var result = await run.MeasureAsync(settings.StreamsPerChannel, settings.Channels, settings.ClosedLoopDuration, settings.OpenLoopDuration);
        return (result, ceiling, streams.FirstFailure);
    }

    private static void Log(TextWriter log, string name, ScenarioResult result)
    {
        var details = result.Details!;
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"    {name}: {result.OpsPerSecond:F0} tokens/s, inter-token p50 {result.P50Microseconds:F0} µs p99 {result.P99Microseconds:F0} µs, {result.Errors} errors; half load ({details["half_load_streams_per_s"]:F0} streams/s): first token p50 {details["half_load_first_token_p50_us"]:F0} µs p99 {details["half_load_first_token_p99_us"]:F0} µs"));
    }

    private static Dictionary<string, double> WithVariant(IReadOnlyDictionary<string, double>? details, Variant variant) =>
        new(details ?? new Dictionary<string, double>())
        {
            ["tokens_per_chunk"] = variant.TokensPerChunk,
            ["completion_tokens"] = variant.CompletionTokens,
        };

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

    /// <summary>One stream-tokens variant: how the demo upstream chunks its answer and how long the answer is.</summary>
    public sealed record Variant(string Name, int TokensPerChunk, int CompletionTokens)
    {
        public string Direct => Name + DirectSuffix;

        public string Describe() => TokensPerChunk == 1 ? "one token per SSE chunk" : $"{TokensPerChunk} tokens per SSE chunk";
    }
}
