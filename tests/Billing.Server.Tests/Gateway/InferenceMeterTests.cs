using System.Text;
using Billing.Core.Pricing;
using Billing.Server.Gateway;

namespace Billing.Server.Tests.Gateway;

/// <summary>
/// A stream as each OpenAI-compatible model server sends it, metered end to end: the charge comes from the usage the
/// server reports however it places it, never from a sum of repeated reports, and from the tokens sent when there is none.
/// </summary>
public sealed class InferenceMeterTests
{
    // $0.15/1M input, $0.075/1M cached input, $0.60/1M output, in sub-units per token; no call fee.
    private static readonly PriceEntry Price = new()
    {
        Route = "chat",
        EffectiveFrom = DateTimeOffset.MinValue,
        InputTokens = TokenRate.Unit(new SubUnits(150_000)),
        CachedInputTokens = TokenRate.Unit(new SubUnits(75_000)),
        OutputTokens = TokenRate.Unit(new SubUnits(600_000)),
    };

    private static readonly InferenceBounds Bounds = new(TokenKind.Input, 1_000, TokenKind.Output, 100);

    // Atomic units, far above any of these streams' charges.
    private static readonly UInt128 Ceiling = 1_000_000;

    [Fact]
    public void OpenAI_vLLM_and_Ollama_report_usage_in_a_chunk_of_its_own_after_the_finish_reason()
    {
        var meter = Metered(
            """{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}""",
            """{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":4}}}""");

        Assert.Equal(new UsageQuantities(InputTokens: 8, CachedInputTokens: 4, OutputTokens: 2), meter.Usage with { Calls = 0 });
        Assert.Equal((UInt128)((8 * 150_000) + (4 * 75_000) + (2 * 600_000)), meter.Charge().ExactSubUnits);
    }

    [Fact]
    public void vLLM_continuous_usage_stats_repeat_a_running_total_in_every_chunk_and_only_the_last_counts()
    {
        var meter = Metered(
            """{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}""",
            """{"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}""",
            """{"choices":[{"index":0,"delta":{"content":"c"},"finish_reason":"length"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""",
            """{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""");

        Assert.Equal(new UsageQuantities(InputTokens: 12, OutputTokens: 3), meter.Usage with { Calls = 0 });
        Assert.Equal((UInt128)((12 * 150_000) + (3 * 600_000)), meter.Charge().ExactSubUnits);
    }

    [Fact]
    public void Llama_cpp_and_TGI_put_the_usage_in_the_last_choice_chunk_beside_its_finish_reason()
    {
        var meter = Metered(
            """{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10},"timings":{"prompt_n":9,"predicted_n":1}}""");

        Assert.Equal(new UsageQuantities(InputTokens: 9, OutputTokens: 1), meter.Usage with { Calls = 0 });
    }

    [Fact]
    public void A_server_that_reports_no_usage_is_charged_the_text_deltas_it_sent_and_no_prompt()
    {
        var meter = Metered(
            """{"choices":[{"index":0,"delta":{"content":"one"},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{"content":"two"},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");

        Assert.Equal(new UsageQuantities(OutputTokens: 2), meter.Usage with { Calls = 0 });
        Assert.Equal((UInt128)(2 * 600_000), meter.Charge().ExactSubUnits);
    }

    [Fact]
    public void A_usage_only_chunk_is_told_apart_from_a_chunk_that_also_ends_a_choice()
    {
        var meter = new InferenceMeter(Price, "m", Ceiling, Bounds);

        Assert.Equal(MeteredEventKind.UsageOnly, meter.Admit(Event("""{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":0}}""")).Kind);
        Assert.Equal(MeteredEventKind.Forward, meter.Admit(Event("""{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":0}}""")).Kind);
        Assert.Equal(MeteredEventKind.Done, meter.Admit(Event("[DONE]")).Kind);
    }

    private static InferenceMeter Metered(params string[] chunks)
    {
        var meter = new InferenceMeter(Price, "m", Ceiling, Bounds);
        foreach (var chunk in chunks.Append("[DONE]"))
        {
            var metered = meter.Admit(Event(chunk));
            Assert.NotEqual(MeteredEventKind.CutOff, metered.Kind);
            meter.Sent(metered.Output, metered.Reasoning);
        }

        return meter;
    }

    private static SseEvent Event(string data) => SseEvent.Parse(Encoding.UTF8.GetBytes($"data: {data}"));
}
