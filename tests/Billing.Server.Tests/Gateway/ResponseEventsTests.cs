using System.Text;
using System.Text.Json;
using Billing.Server.Gateway;

namespace Billing.Server.Tests.Gateway;

public sealed class ResponseEventsTests
{
    [Theory]
    [InlineData("""{"type":"response.output_text.delta","item_id":"m","delta":" word"}""", 1, 0, false)]
    [InlineData("""{"delta":"word","type":"response.output_text.delta"}""", 1, 0, false)]
    [InlineData("""{"type":"response.reasoning_summary_text.delta","delta":"hmm"}""", 0, 1, false)]
    [InlineData("""{"type":"response.reasoning_text.delta","delta":"hmm"}""", 0, 1, false)]
    [InlineData("""{"type":"response.refusal.delta","delta":"no"}""", 1, 0, false)]
    [InlineData("""{"type":"response.output_text.delta","delta":""}""", 0, 0, false)]
    [InlineData("""{"type":"response.function_call_arguments.delta","delta":"{"}""", 0, 0, false)]
    [InlineData("""{"type":"response.output_text.done","text":"all of it"}""", 0, 0, false)]
    [InlineData("""{"type":"response.completed","response":{"usage":{"input_tokens":1}}}""", 0, 0, true)]
    [InlineData("""{"type":"response.incomplete","response":{}}""", 0, 0, true)]
    [InlineData("""{"type":"response.failed","response":{}}""", 0, 0, true)]
    [InlineData("""{"type":"response.created","response":{"usage":null}}""", 0, 0, false)]
    public void Each_event_counts_by_its_type(string json, ulong output, ulong reasoning, bool final)
    {
        Assert.Equal(new ChunkTokens(output, reasoning, final), ResponseEvents.InEvent(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_usage_of_a_final_event_is_in_its_response()
    {
        using var final = JsonDocument.Parse("""{"type":"response.completed","response":{"id":"r","usage":{"input_tokens":3,"output_tokens":5}}}""");
        using var created = JsonDocument.Parse("""{"type":"response.created","response":{"id":"r","usage":null}}""");

        Assert.True(ResponseEvents.TryFindUsage(final.RootElement, out var usage));
        Assert.Equal(5, usage.GetProperty("output_tokens").GetInt32());
        Assert.False(ResponseEvents.TryFindUsage(created.RootElement, out _));
    }

    [Fact]
    public void Malformed_event_data_throws_as_a_full_parse_would()
    {
        Assert.ThrowsAny<JsonException>(() => ResponseEvents.InEvent("""{"type":"response.output_text.delta","delta":"x"} trailing"""u8));
    }
}
