using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Billing.Core.Metering;
using Billing.Core.Pricing;
using Billing.Server.Gateway;

namespace Billing.Benchmarks.Gateway;

/// <summary>
/// The gateway's metering work per streamed token, without sockets: the steps <c>InferenceExchange</c> runs on each
/// upstream event (split the bytes into events, parse the event, <c>InferenceMeter.Admit</c>: count its delta tokens,
/// read usage when the chunk has it, admit the tokens under the ceiling; then record them as sent), over a whole stream fed in 16 KiB reads, then the
/// exact price of the reported usage. One operation is one token; a chunk carries 1 token (as OpenAI-compatible servers
/// stream) or 16 (as batching servers may).
/// </summary>
[MemoryDiagnoser]
public class StreamMeteringBenchmarks
{
    public const int TokensPerStream = 1_024;

    private const int ReadBytes = 16 * 1024;
    private const ulong PromptTokens = 35;

    private byte[] _stream = [];
    private PriceEntry _price = null!;
    private InferenceBounds _bounds;
    private UInt128 _ceiling;

    [Params(1, 16)]
    public int TokensPerChunk { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _price = new PriceEntry
        {
            Route = "chat",
            EffectiveFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CallFee = new SubUnits(100_000_000),
            InputTokens = TokenRate.Unit(new SubUnits(150_000)),
            OutputTokens = TokenRate.Unit(new SubUnits(600_000)),
        };
        _bounds = new InferenceBounds(TokenKind.Input, PromptTokens, TokenKind.Output, TokensPerStream);
        _ceiling = InferenceCeiling.Compute(_price, _bounds);
        _stream = Encoding.UTF8.GetBytes(StreamText(TokensPerChunk));
        if (Meter() != TokensPerStream)
        {
            throw new InvalidOperationException("The benchmark stream did not meter every token.");
        }
    }

    [Benchmark(OperationsPerInvoke = TokensPerStream)]
    public ulong MeterPerToken() => Meter();

    private ulong Meter()
    {
        var meter = new InferenceMeter(_price, "demo", _ceiling, _bounds);
        using var splitter = new SseEventSplitter(1024 * 1024);
        for (var offset = 0; offset < _stream.Length; offset += ReadBytes)
        {
            splitter.Append(_stream.AsSpan(offset, Math.Min(ReadBytes, _stream.Length - offset)));
            while (splitter.TryTake(out var raw))
            {
                var metered = meter.Admit(SseEvent.Parse(raw));
                if (metered.Kind == MeteredEventKind.CutOff)
                {
                    throw new InvalidOperationException("The benchmark stream was cut off.");
                }

                meter.Sent(metered.Output, metered.Reasoning);
            }
        }

        return meter.Charge().Usage.OutputTokens;
    }

    /// <summary>A chat-completion stream as the demo upstream writes it, chunks of n words, then usage and [DONE].</summary>
    private static string StreamText(int tokensPerChunk)
    {
        var text = new StringBuilder();
        for (var token = 0; token < TokensPerStream; token += tokensPerChunk)
        {
            var words = string.Join(' ', Enumerable.Range(token, tokensPerChunk).Select(i => i % 3 == 0 ? "vouchers" : "settle"));
            text.Append(CultureInfo.InvariantCulture, $"data: {{\"id\":\"demo-1\",\"model\":\"demo\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\" {words}\"}}}}]}}\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"data: {{\"id\":\"demo-1\",\"model\":\"demo\",\"choices\":[],\"usage\":{{\"prompt_tokens\":{PromptTokens},\"completion_tokens\":{TokensPerStream},\"total_tokens\":{PromptTokens + TokensPerStream}}}}}\n\n");
        text.Append("data: [DONE]\n\n");
        return text.ToString();
    }
}
