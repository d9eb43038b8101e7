using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Billing.Cli.Upstream;
using Billing.IntegrationTests.Fixtures;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Gateway;

/// <summary>
/// The gateway in front of an upstream that batches several tokens per SSE chunk (as vLLM may under load): every chunk
/// passes through whole, and the stream is charged the tokens the upstream reports, not one per chunk.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class BatchedStreamGatewayTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Deposit = 10_000_000;
    private const int TokensPerChunk = 8;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayServer.StartAsync(chain, upstream: new DemoUpstreamOptions { TokensPerChunk = TokensPerChunk });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_batched_stream_arrives_whole_and_is_charged_its_reported_tokens_not_its_chunks()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 8);
        using var agent = PayingClient(chain, channel);
        var body = Chat("stream me some words about batches of vouchers and claims", maxTokens: 40, stream: true, includeUsage: true);

        using var response = await agent.PostAsync(new Uri(_gateway.Server.BaseAddress, "/v1/chat/completions"), body);
        var events = await ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = events.Select(e => e.Data).OfType<JsonObject>().Single(d => d["usage"] is JsonObject)["usage"]!;
        var completionTokens = (ulong)usage["completion_tokens"]!;
        var chunks = events.Where(e => e.Data is JsonObject d && d["choices"] is JsonArray { Count: > 0 }).ToList();
        var text = string.Concat(chunks.Select(c => (string)c.Data!["choices"]![0]!["delta"]!["content"]!));
        Assert.Equal(completionTokens, (ulong)text.Split(' ').Length);
        Assert.Equal((int)((completionTokens + TokensPerChunk - 1) / TokensPerChunk), chunks.Count);
        Assert.True(chunks.Count < (int)completionTokens, "the upstream batched its tokens");

        var expected = TestPrices.Exact((ulong)usage["prompt_tokens"]!, (ulong)usage["prompt_tokens_details"]!["cached_tokens"]!, completionTokens)
            / TestPrices.SubUnitsPerAtomic;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), (string)events.Single(e => e.Name == "x402-charge").Data!["chargedAmount"]!);
        Assert.Equal(expected, await _gateway.ChargedAsync(channel.Id));
        Assert.DoesNotContain(events, e => e.Name == "x402-cutoff");
        Assert.Equal("[DONE]", events[^1].Raw);
    }
}
