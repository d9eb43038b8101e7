using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Billing.Cli.Upstream;
using Billing.IntegrationTests.Fixtures;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Gateway;

/// <summary>
/// The OpenAI Responses API (<c>POST /v1/responses</c>) through the gateway, metered like chat completions: a JSON answer
/// charged from its <c>usage</c>, a stream charged from the usage of its <c>response.completed</c> event, with the
/// Responses API's own output cap and without a <c>[DONE]</c> its clients would not understand.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class GatewayResponsesTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Deposit = 10_000_000;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayServer.StartAsync(chain);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_responses_stream_is_charged_the_usage_of_its_completed_event()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 9);
        using var agent = PayingClient(chain, channel);

        using var response = await agent.PostAsync(Url(), Request("explain how payment channels settle", stream: true, maxOutputTokens: 40));
        var text = await response.Content.ReadAsStringAsync();
        var events = ParseEvents(text);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var deltas = events.Where(e => e.Name == "response.output_text.delta").ToList();
        var completed = events.Single(e => e.Name == "response.completed").Data!;
        var usage = completed["response"]!["usage"]!;
        Assert.Equal((ulong)usage["output_tokens"]!, (ulong)deltas.Count);
        Assert.Equal(string.Concat(deltas.Select(d => (string)d.Data!["delta"]!)), (string)completed["response"]!["output"]![0]!["content"]![0]!["text"]!);

        var expected = TestPrices.Exact((ulong)usage["input_tokens"]!, (ulong)usage["input_tokens_details"]!["cached_tokens"]!, (ulong)usage["output_tokens"]!)
            / TestPrices.SubUnitsPerAtomic;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), (string)events.Single(e => e.Name == "x402-charge").Data!["chargedAmount"]!);
        Assert.Equal(expected, await _gateway.ChargedAsync(channel.Id));

        // The completed event is forwarded, the charge comes last, and nothing of chat completions is added.
        Assert.Equal("x402-charge", events[^1].Name);
        Assert.Equal("response.completed", events[^2].Name);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Data?["choices"] is not null);
    }

    [Fact]
    public async Task A_responses_json_answer_is_charged_its_usage()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 9);
        using var agent = PayingClient(chain, channel);

        using var response = await agent.PostAsync(Url(), Request("explain how payment channels settle", stream: false, maxOutputTokens: 40));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var usage = answer["usage"]!;
        var expected = TestPrices.Exact((ulong)usage["input_tokens"]!, (ulong)usage["input_tokens_details"]!["cached_tokens"]!, (ulong)usage["output_tokens"]!)
            / TestPrices.SubUnitsPerAtomic;
        Assert.NotEqual(0UL, (ulong)usage["output_tokens"]!);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Header(response, "X-Billing-Charged"));
        Assert.Equal(expected, await _gateway.ChargedAsync(channel.Id));
    }

    [Fact]
    public async Task A_request_without_a_cap_is_capped_in_max_output_tokens_not_in_a_chat_field()
    {
        // The demo upstream reads max_output_tokens; were the gateway's cap written only into max_tokens (a field the
        // Responses API does not have), the answer would run to the upstream's default of 16 words instead.
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 9);
        using var agent = PayingClient(chain, channel);
        // Two prompt words: the demo upstream wants 19 words for them.
        using var response = await agent.PostAsync(Url(), Request("voucher voucher", stream: false, maxOutputTokens: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((ulong)answer["usage"]!["output_tokens"]! > DemoCompletion.DefaultMaxTokens, answer.ToJsonString());
        Assert.Equal("completed", (string?)answer["status"]);
    }

    private Uri Url() => new(_gateway.Server.BaseAddress, "/v1/responses");

    private static StringContent Request(string input, bool stream, int? maxOutputTokens)
    {
        var body = new JsonObject { ["model"] = "demo", ["input"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = input }), ["stream"] = stream };
        if (maxOutputTokens is { } cap)
        {
            body["max_output_tokens"] = cap;
        }

        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
