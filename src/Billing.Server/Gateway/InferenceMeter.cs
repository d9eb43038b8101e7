using System.Text.Json;
using Billing.Abstractions.Usage;
using Billing.Core.Metering;
using Billing.Core.Pricing;

namespace Billing.Server.Gateway;

/// <summary>
/// Meters one inference request: keeps a stream within its ceiling while it runs (the prompt is counted at its bound
/// until the upstream reports it) and prices the final usage exactly, never above the ceiling.
/// </summary>
/// <remarks>
/// The final usage is the upstream's report when one arrived, otherwise what was sent to the client, counted by the
/// <see cref="DeltaTokens"/> rule. Not thread-safe: one request, one reader.
/// </remarks>
public sealed class InferenceMeter
{
    private readonly PriceEntry _price;
    private readonly string? _model;
    private readonly StreamMeter _stream;
    private ulong _sentOutput;
    private ulong _sentReasoning;
    private readonly InferenceApi _api;
    private UsageQuantities? _reported;

    public InferenceMeter(PriceEntry price, string? model, UInt128 ceiling, InferenceBounds bounds, InferenceApi api = InferenceApi.Completions)
    {
        ArgumentNullException.ThrowIfNull(price);
        _price = price;
        _model = model;
        _api = api;
        Ceiling = ceiling;
        _stream = new StreamMeter(price, ceiling);
        _stream.Add(bounds.PromptKind, bounds.PromptTokens);
    }

    public UInt128 Ceiling { get; }

    /// <summary>True once a chunk was refused because it would have taken the charge past the ceiling.</summary>
    public bool WasCutOff => _stream.WasCutOff;

    /// <summary>True when the priced usage exceeded the ceiling and the charge was held at the ceiling.</summary>
    public bool WasCapped { get; private set; }

    /// <summary>
    /// Meters one upstream event of a stream before it is forwarded: counts its delta tokens, takes the usage the
    /// upstream reports, and admits the tokens under the ceiling. Allocates nothing for a chunk without usage.
    /// </summary>
    public MeteredEvent Admit(SseEvent sse)
    {
        if (sse.IsDone)
        {
            return new MeteredEvent(MeteredEventKind.Done, 0, 0);
        }

        var tokens = sse.Data is not { } data ? default
            : _api == InferenceApi.Responses ? CountResponseEvent(data)
            : sse.Name is null ? CountChunk(data)
            : default;
        if (!TryAdmit(tokens.Output, tokens.Reasoning))
        {
            return new MeteredEvent(MeteredEventKind.CutOff, 0, 0);
        }

        return new MeteredEvent(tokens.IsUsageOnly ? MeteredEventKind.UsageOnly : MeteredEventKind.Forward, tokens.Output, tokens.Reasoning);
    }

    /// <summary>Admits a chunk's tokens before it is forwarded; false (and cut off) when they do not fit the ceiling.</summary>
    public bool TryAdmit(ulong output, ulong reasoning) =>
        (output == 0 || _stream.TryAdd(TokenKind.Output, output))
        && (reasoning == 0 || _stream.TryAdd(TokenKind.Reasoning, reasoning));

    /// <summary>Records tokens the client was sent (after the write succeeded): what a disconnected client pays for.</summary>
    public void Sent(ulong output, ulong reasoning)
    {
        _sentOutput += output;
        _sentReasoning += reasoning;
    }

    public void Report(UsageQuantities usage) => _reported = usage;

    private ChunkTokens CountChunk(ReadOnlyMemory<byte> json)
    {
        try
        {
            var tokens = DeltaTokens.InChunk(json.Span);
            if (tokens.HasUsage)
            {
                // Once per stream: the usage chunk is read in full.
                using var chunk = JsonDocument.Parse(json);
                if (ReportedUsage.TryFind(chunk.RootElement, out var usage) && ReportedUsage.TryRead(usage, out var reported))
                {
                    Report(reported);
                    return tokens;
                }

                return tokens with { HasUsage = false };
            }

            return tokens;
        }
        catch (JsonException)
        {
            // Not a JSON chunk (a comment or keep-alive): forwarded, counts nothing.
            return default;
        }
    }

    private ChunkTokens CountResponseEvent(ReadOnlyMemory<byte> json)
    {
        try
        {
            var tokens = ResponseEvents.InEvent(json.Span);
            if (tokens.HasUsage)
            {
                // Once per stream: the final event is read in full.
                using var final = JsonDocument.Parse(json);
                if (ResponseEvents.TryFindUsage(final.RootElement, out var usage) && ReportedUsage.TryRead(usage, out var reported))
                {
                    Report(reported);
                }
            }

            // The final event repeats the whole response for the client: it is always forwarded.
            return tokens with { HasUsage = false };
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public UsageQuantities Usage => _reported ?? new UsageQuantities(OutputTokens: _sentOutput, ReasoningTokens: _sentReasoning, Calls: 1);

    /// <summary>The exact charge of the usage, held at the ceiling.</summary>
    public MeteredCharge Charge()
    {
        var usage = Usage;
        var exact = ChargeCalculator.Calculate(_price, usage).Total;
        var ceiling = SubUnits.FromAtomic(Ceiling);
        WasCapped = exact > ceiling;
        var charged = WasCapped ? ceiling : exact;
        return new MeteredCharge(
            charged.Value,
            _model,
            new UsageMessage(usage.Calls, usage.InputTokens, usage.CachedInputTokens, usage.CacheWriteTokens, usage.OutputTokens, usage.ReasoningTokens));
    }
}
