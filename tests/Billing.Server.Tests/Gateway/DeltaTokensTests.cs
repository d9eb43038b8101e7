using System.Text;
using System.Text.Json;
using Billing.Server.Gateway;

namespace Billing.Server.Tests.Gateway;

public sealed class DeltaTokensTests
{
    [Theory]
    [InlineData("""{"choices":[{"delta":{"content":"Hello"}}]}""", 1UL, 0UL)]
    [InlineData("""{"choices":[{"delta":{"content":" a much longer piece of text"}}]}""", 1UL, 0UL)]
    [InlineData("""{"choices":[{"text":"legacy"}]}""", 1UL, 0UL)]
    [InlineData("""{"choices":[{"delta":{"reasoning_content":"think"}}]}""", 0UL, 1UL)]
    [InlineData("""{"choices":[{"delta":{"reasoning":"think"}}]}""", 0UL, 1UL)]
    [InlineData("""{"choices":[{"delta":{"content":"a","reasoning_content":"b"}}]}""", 1UL, 1UL)]
    [InlineData("""{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}},{"text":"c"}]}""", 3UL, 0UL)]
    public void Each_choice_with_text_in_a_chunk_is_one_token(string chunk, ulong output, ulong reasoning)
    {
        Assert.Equal((output, reasoning), InChunk(chunk));
    }

    [Theory]
    [InlineData("""{"choices":[{"delta":{"role":"assistant"}}]}""")]
    [InlineData("""{"choices":[{"delta":{"content":""}}]}""")]
    [InlineData("""{"choices":[{"delta":{"content":null}, "finish_reason":"stop"}]}""")]
    [InlineData("""{"choices":[{"delta":{"content":42}}]}""")]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}""")]
    [InlineData("""{"choices":"many"}""")]
    [InlineData("""{"choices":[{"delta":"text"}]}""")]
    [InlineData("""[]""")]
    [InlineData("""{}""")]
    public void Chunks_without_text_count_nothing(string chunk)
    {
        Assert.Equal((0UL, 0UL), InChunk(chunk));
    }

    [Theory]
    // OpenAI, vLLM, Ollama: the usage comes in a chunk of its own, with no choices.
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}""", true)]
    [InlineData("""{"usage":{"prompt_tokens":3,"completion_tokens":4}}""", true)]
    // llama.cpp's server: in the last choice's chunk, beside its finish_reason, which the client must still get.
    [InlineData("""{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"usage":{"prompt_tokens":3,"completion_tokens":4},"timings":{"prompt_n":3}}""", false)]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}""", false)]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}]}""", false)]
    public void Only_a_chunk_with_usage_and_no_choice_is_usage_only(string chunk, bool usageOnly)
    {
        Assert.Equal(usageOnly, DeltaTokens.InChunk(Encoding.UTF8.GetBytes(chunk)).IsUsageOnly);
    }

    [Theory]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}""", true)]
    [InlineData("""{"usage":{},"choices":[{"delta":{"content":"a"}}]}""", true)]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}],"usage":null}""", false)]
    [InlineData("""{"choices":[{"delta":{"content":"a","usage":{}}}]}""", false)]
    [InlineData("""{"data":{"usage":{"prompt_tokens":3}}}""", false)]
    [InlineData("""[{"usage":{}}]""", false)]
    public void A_chunk_carries_usage_only_with_a_usage_object_at_its_top_level(string chunk, bool hasUsage)
    {
        Assert.Equal(hasUsage, DeltaTokens.InChunk(Encoding.UTF8.GetBytes(chunk)).HasUsage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("keep-alive")]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}]""")]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}]} trailing""")]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}]}{}""")]
    public void A_chunk_that_is_not_one_json_value_is_refused_rather_than_counted(string chunk)
    {
        Assert.ThrowsAny<JsonException>(() => DeltaTokens.InChunk(Encoding.UTF8.GetBytes(chunk)));
    }

    [Fact]
    public void Escaped_text_and_property_names_count_like_plain_ones()
    {
        Assert.Equal((1UL, 1UL), InChunk("""{"choices":[{"d\u0065lta":{"content":"\n","reasoning":"\u00e9"}}]}"""));
    }

    [Theory]
    [InlineData("""{"choices":[{"message":{"content":"abcd"}}]}""", 1UL)]
    [InlineData("""{"choices":[{"message":{"content":"abcde"}}]}""", 2UL)]
    [InlineData("""{"choices":[{"message":{"content":"é"}}]}""", 1UL)]
    [InlineData("""{"choices":[{"message":{"content":"ééé"}}]}""", 2UL)]
    [InlineData("""{"choices":[{"text":"12345678"}]}""", 2UL)]
    [InlineData("""{"choices":[{"message":{"content":"abc"}},{"message":{"content":"abcdefghi"}}]}""", 4UL)]
    [InlineData("""{"choices":[{"message":{"content":""}}]}""", 0UL)]
    [InlineData("""{"choices":[{"message":{"content":null}}]}""", 0UL)]
    [InlineData("""{"data":[]}""", 0UL)]
    public void A_json_answer_counts_one_token_per_started_four_utf8_bytes_of_each_choice(string answer, ulong tokens)
    {
        using var document = JsonDocument.Parse(answer);

        Assert.Equal(tokens, DeltaTokens.InAnswer(document.RootElement));
    }

    private static (ulong Output, ulong Reasoning) InChunk(string json)
    {
        var tokens = DeltaTokens.InChunk(Encoding.UTF8.GetBytes(json));
        return (tokens.Output, tokens.Reasoning);
    }
}
