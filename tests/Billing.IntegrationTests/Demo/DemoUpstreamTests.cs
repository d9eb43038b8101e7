using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Billing.Cli.Upstream;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Demo;

/// <summary>The demo model server answers as the OpenAI-compatible servers it stands in for.</summary>
public sealed class DemoUpstreamTests : IAsyncLifetime
{
    private DemoUpstream _upstream = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _upstream = await DemoUpstream.StartAsync(new DemoUpstreamOptions());
        _http = new HttpClient { BaseAddress = _upstream.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData(3, "length")]
    [InlineData(4096, "stop")]
    public async Task Only_the_last_chunk_of_a_stream_says_why_it_finished(int maxTokens, string expected)
    {
        using var response = await _http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), Chat("why do channels settle in batches", maxTokens, stream: true, includeUsage: true));
        var chunks = ParseEvents(await response.Content.ReadAsStringAsync())
            .Select(e => e.Data).OfType<JsonObject>().Where(d => d["choices"] is JsonArray { Count: > 0 }).ToList();

        Assert.True(chunks.Count > 1);
        Assert.Equal(expected, (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
        Assert.All(chunks.SkipLast(1), c => Assert.Null(c["choices"]![0]!["finish_reason"]));
    }

    [Theory]
    [InlineData(3, "length")]
    [InlineData(4096, "stop")]
    public async Task A_json_answer_says_why_it_finished(int maxTokens, string expected)
    {
        using var response = await _http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), Chat("why do channels settle in batches", maxTokens));
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(expected, (string?)answer["choices"]![0]!["finish_reason"]);
    }

    [Theory]
    [InlineData(4096, 600, "stop")]
    [InlineData(100, 100, "length")]
    public async Task A_set_completion_length_is_streamed_and_reported_within_max_tokens(int maxTokens, int expectedTokens, string expectedFinish)
    {
        await using var upstream = await DemoUpstream.StartAsync(new DemoUpstreamOptions { CompletionTokens = 600, TokensPerChunk = 16 });
        using var http = new HttpClient { BaseAddress = upstream.BaseAddress };

        using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), Chat("why do channels settle in batches", maxTokens, stream: true, includeUsage: true));
        var data = ParseEvents(await response.Content.ReadAsStringAsync()).Select(e => e.Data).OfType<JsonObject>().ToList();
        var chunks = data.Where(d => d["choices"] is JsonArray { Count: > 0 }).ToList();
        var words = chunks.Sum(c => ((string)c["choices"]![0]!["delta"]!["content"]!).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal(expectedTokens, words);
        Assert.Equal((ulong)expectedTokens, (ulong)data.Single(d => d["usage"] is JsonObject)["usage"]!["completion_tokens"]!);
        Assert.Equal(expectedFinish, (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task Embeddings_count_every_text_and_every_token_id_of_an_array_input()
    {
        Assert.Equal(5UL, await PromptTokensAsync(new JsonArray("one two three", "four five")));
        Assert.Equal(4UL, await PromptTokensAsync(new JsonArray(101, 102, 103, 104)));
        Assert.Equal(5UL, await PromptTokensAsync(new JsonArray(new JsonArray(1, 2), new JsonArray(3, 4, 5))));
        Assert.Equal(3UL, await PromptTokensAsync("one two three"));
    }

    private async Task<ulong> PromptTokensAsync(JsonNode input)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/v1/embeddings", UriKind.Relative), new JsonObject { ["model"] = "demo-embed", ["input"] = input });
        return (ulong)(await response.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!["prompt_tokens"]!;
    }
}
