using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Billing.IntegrationTests.Fixtures;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Gateway;

/// <summary>
/// <c>/v1/embeddings</c> through the gateway: priced per input token only, charged from the upstream's reported
/// <c>usage.prompt_tokens</c>, with the remainders of fractional prices carried between requests.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class GatewayEmbeddingsTests(LocalChainFixture chain) : IAsyncLifetime
{
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayServer.StartAsync(chain);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Embeddings_are_charged_the_reported_input_tokens_times_the_input_price()
    {
        var channel = await chain.OpenChannelAsync(1_000_000, payerKeyIndex: 7);
        using var agent = PayingClient(chain, channel);
        ulong exactTotal = 0;
        ulong chargedTotal = 0;
        foreach (var words in new[] { 7, 11, 40 })
        {
            var input = string.Join(' ', Enumerable.Range(0, words).Select(w => "token" + w.ToString(CultureInfo.InvariantCulture)));

            using var response = await agent.PostAsJsonAsync(new Uri(_gateway.Server.BaseAddress, "/v1/embeddings"), new { model = "demo-embed", input });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(3, answer["data"]![0]!["embedding"]!.AsArray().Count);
            var promptTokens = (ulong)answer["usage"]!["prompt_tokens"]!;
            Assert.Equal((ulong)words, promptTokens);
            exactTotal += promptTokens * TestPrices.EmbeddingInput;
            chargedTotal += ulong.Parse(Header(response, "X-Billing-Charged")!, CultureInfo.InvariantCulture);

            // Each charge is the running exact total rounded down once: no per-request rounding drift, and no call fee
            // or output tokens on a route that prices neither.
            Assert.Equal(exactTotal / TestPrices.SubUnitsPerAtomic, chargedTotal);
        }

        Assert.NotEqual(0UL, exactTotal % TestPrices.SubUnitsPerAtomic);
        Assert.Equal(chargedTotal, await _gateway.ChargedAsync(channel.Id));
        using var operatorApi = new OperatorClient(_gateway.Server);
        var usage = (await operatorApi.UsageAsync(channel.Id)).Single();
        Assert.Equal(7UL + 11 + 40, usage.InputTokens);
        Assert.Equal(0UL, usage.OutputTokens + usage.CachedInputTokens);
    }

    [Fact]
    public async Task An_array_input_is_charged_for_all_of_its_tokens_not_for_none()
    {
        var channel = await chain.OpenChannelAsync(1_000_000, payerKeyIndex: 7);
        using var agent = PayingClient(chain, channel);
        var url = new Uri(_gateway.Server.BaseAddress, "/v1/embeddings");

        // Several texts, and texts already tokenized (ids), as the OpenAI embeddings API takes them.
        using var texts = await agent.PostAsJsonAsync(url, new { model = "demo-embed", input = new[] { "one two three", "four five" } });
        using var tokens = await agent.PostAsJsonAsync(url, new { model = "demo-embed", input = new[] { new[] { 11, 12, 13 }, new[] { 14, 15, 16, 17 } } });

        Assert.Equal(HttpStatusCode.OK, texts.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.Equal(5UL, (ulong)(await texts.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!["prompt_tokens"]!);
        Assert.Equal(7UL, (ulong)(await tokens.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!["prompt_tokens"]!);
        using var operatorApi = new OperatorClient(_gateway.Server);
        Assert.Equal(5UL + 7, (await operatorApi.UsageAsync(channel.Id)).Single().InputTokens);
        Assert.Equal((5UL + 7) * TestPrices.EmbeddingInput / TestPrices.SubUnitsPerAtomic, await _gateway.ChargedAsync(channel.Id));
    }
}
