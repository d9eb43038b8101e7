using BenchmarkDotNet.Attributes;
using Billing.Core.Metering;
using Billing.Core.Pricing;

namespace Billing.Benchmarks.Core;

/// <summary>
/// Metering on the streaming path: <see cref="StreamMeter.TryAdd"/> once per output token of a 1,000-token stream (the
/// meter's construction is amortized over the stream), and <see cref="ChargeRounding.Commit"/> once per request,
/// carrying the sub-unit remainder from one commit to the next.
/// </summary>
[MemoryDiagnoser]
public class MeteringBenchmarks
{
    public const int TokensPerStream = 1_000;

    /// <summary>$0.15 per million output tokens: 0.15 atomic units per token.</summary>
    private static readonly SubUnits PricePerOutputToken = new(150_000);

    /// <summary>Exact charge of a request of 123 output tokens: 18.45 atomic units, so every commit carries a remainder.</summary>
    private static readonly SubUnits RequestCharge = PricePerOutputToken * 123;

    private PriceEntry _price = null!;
    private SubUnits _carried;

    [GlobalSetup]
    public void Setup() => _price = new PriceEntry
    {
        Route = "/v1/chat/completions",
        EffectiveFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        InputTokens = TokenRate.Unit(new SubUnits(50_000)),
        OutputTokens = TokenRate.Unit(PricePerOutputToken),
    };

    [Benchmark(OperationsPerInvoke = TokensPerStream)]
    public ulong StreamMeterTryAddPerToken()
    {
        // The ceiling leaves room for the whole stream, so every TryAdd takes the counting path.
        var meter = new StreamMeter(_price, ceilingAtomic: 1_000);
        for (var i = 0; i < TokensPerStream; i++)
        {
            if (!meter.TryAdd(TokenKind.Output, 1))
            {
                throw new InvalidOperationException("The benchmark stream was cut off before its end.");
            }
        }

        return meter.Usage.OutputTokens;
    }

    [Benchmark]
    public UInt128 ChargeRoundingCommit()
    {
        var committed = ChargeRounding.Commit(_carried, RequestCharge);
        _carried = committed.NewRemainder;
        return committed.AtomicCharged;
    }
}
