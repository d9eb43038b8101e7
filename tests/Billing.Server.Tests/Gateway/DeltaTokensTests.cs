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
        using var document = JsonDocument.Parse(json);
        return DeltaTokens.InChunk(document.RootElement);
    }
}
