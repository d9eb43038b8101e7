using System.Text.Json;
using Billing.Core.Pricing;
using Billing.Server.Gateway;

namespace Billing.Server.Tests.Gateway;

public sealed class ReportedUsageTests
{
    [Fact]
    public void Cached_and_reasoning_tokens_are_split_out_of_their_totals_so_none_is_billed_twice()
    {
        var usage = Usage("""
            {"prompt_tokens":100,"completion_tokens":40,"total_tokens":140,
             "prompt_tokens_details":{"cached_tokens":30},"completion_tokens_details":{"reasoning_tokens":25}}
            """);

        Assert.Equal(new UsageQuantities(InputTokens: 70, CachedInputTokens: 30, OutputTokens: 15, ReasoningTokens: 25, Calls: 1), usage);
    }

    [Fact]
    public void A_responses_api_usage_is_split_the_same_way()
    {
        var usage = Usage("""
            {"input_tokens":100,"input_tokens_details":{"cached_tokens":30},
             "output_tokens":40,"output_tokens_details":{"reasoning_tokens":25},"total_tokens":140}
            """);

        Assert.Equal(new UsageQuantities(InputTokens: 70, CachedInputTokens: 30, OutputTokens: 15, ReasoningTokens: 25, Calls: 1), usage);
    }

    [Theory]
    [InlineData("""{"input_tokens":10,"input_tokens_details":{"cached_tokens":11}}""")]
    [InlineData("""{"input_tokens":10,"output_tokens":2,"output_tokens_details":{"reasoning_tokens":3}}""")]
    [InlineData("""{"input_tokens":-1,"output_tokens":3}""")]
    public void A_responses_api_usage_whose_parts_exceed_its_totals_is_not_read(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.False(ReportedUsage.TryRead(document.RootElement, out _));
    }

    [Fact]
    public void Absent_or_null_details_and_counts_are_zero()
    {
        Assert.Equal(new UsageQuantities(InputTokens: 12, Calls: 1), Usage("""{"prompt_tokens":12,"total_tokens":12}"""));
        Assert.Equal(new UsageQuantities(OutputTokens: 3, Calls: 1), Usage("""{"completion_tokens":3}"""));
        Assert.Equal(
            new UsageQuantities(InputTokens: 5, OutputTokens: 7, Calls: 1),
            Usage("""{"prompt_tokens":5,"completion_tokens":7,"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":null}}"""));
    }

    [Theory]
    [InlineData("""{"prompt_tokens":-1,"completion_tokens":3}""")]
    [InlineData("""{"prompt_tokens":"10","completion_tokens":3}""")]
    [InlineData("""{"prompt_tokens":1.5}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":true}""")]
    [InlineData("""{"prompt_tokens":10,"prompt_tokens_details":{"cached_tokens":11}}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":2,"completion_tokens_details":{"reasoning_tokens":3}}""")]
    [InlineData("""{"prompt_tokens":10,"prompt_tokens_details":{"cached_tokens":"all"}}""")]
    [InlineData("""{"prompt_tokens":99999999999999999999}""")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"usage\"")]
    public void Garbage_usage_is_not_read(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(ReportedUsage.TryRead(document.RootElement, out var quantities));
        Assert.Equal(default, quantities);
    }

    [Theory]
    [InlineData("""{"choices":[]}""")]
    [InlineData("""{"usage":null}""")]
    [InlineData("""{"usage":7}""")]
    [InlineData("[]")]
    public void A_response_without_a_usage_object_has_none(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(ReportedUsage.TryFind(document.RootElement, out _));
    }

    [Fact]
    public void The_usage_object_of_a_final_stream_chunk_is_found()
    {
        using var document = JsonDocument.Parse("""{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}""");

        Assert.True(ReportedUsage.TryFind(document.RootElement, out var usage));
        Assert.True(ReportedUsage.TryRead(usage, out var quantities));
        Assert.Equal(new UsageQuantities(InputTokens: 3, OutputTokens: 4, Calls: 1), quantities);
    }

    private static UsageQuantities Usage(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(ReportedUsage.TryRead(document.RootElement, out var quantities));
        return quantities;
    }
}
