using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Gateway;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A payer shapes an inference request so that the gateway prices one thing and a lax upstream does another: a stream
/// flag the gateway does not read as one (so no usage is asked for and the prompt goes unbilled), an output length field
/// the gateway does not price, or an upstream that overruns the cap it was sent. None of them may deliver a token that
/// was not paid for, and a request whose worst case cannot be priced is a 400, never a 500.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class NoUnbilledInferenceTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Deposit = 1_000_000;
    private LaxUpstream _upstream = null!;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await LaxUpstream.StartAsync();
        _gateway = await GatewayServer.StartAsync(chain, new Dictionary<string, string?>
        {
            ["Gateway:Clusters:demo:Address"] = _upstream.BaseAddress.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public async Task A_stream_flag_that_is_not_a_json_boolean_never_forwards_a_large_prompt_unbilled(string streamFlag)
    {
        const int PromptWords = 100_000;
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 5);
        using var agent = GatewayRequests.PayingClient(chain, channel);
        var prompt = string.Join(' ', Enumerable.Repeat("w", PromptWords));
        var body = $$"""{"model":"demo","max_tokens":16,"stream":{{streamFlag}},"messages":[{"role":"user","content":"{{prompt}}"}]}""";

        using var response = await agent.PostAsync(Url(), Json(body));
        await response.Content.ReadAsStringAsync();

        // The prompt alone is worth PromptWords × the input price; forwarding it and charging less is the attack.
        var promptPrice = PromptWords * TestPrices.Input / TestPrices.SubUnitsPerAtomic;
        var charged = await _gateway.ChargedAsync(channel.Id);
        Assert.False(_upstream.Requests > 0 && charged < promptPrice, $"the upstream ran a {PromptWords}-token prompt and the channel was charged {charged}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _upstream.Requests);
        Assert.Equal(0UL, charged);
    }

    [Theory]
    [InlineData("""{"max_tokens":5,"n_predict":200}""")]
    [InlineData("""{"max_tokens":5,"max_completion_tokens":200}""")]
    [InlineData("""{"max_completion_tokens":5,"max_tokens":200}""")]
    [InlineData("""{"max_tokens":5,"options":{"num_predict":200}}""")]
    [InlineData("""{"max_tokens":5,"max_new_tokens":200}""")]
    [InlineData("""{"max_tokens":5,"max_output_tokens":200}""")]
    [InlineData("""{"max_tokens":5,"n_predict":-1}""")]
    public async Task Conflicting_output_limits_never_deliver_more_tokens_than_were_priced(string limits)
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 5);
        using var agent = GatewayRequests.PayingClient(chain, channel);
        var before = _upstream.Requests;

        using var response = await agent.PostAsync(Url(), Json(WithMessage(limits)));
        var delivered = await DeliveredWordsAsync(response);

        Assert.False(_upstream.Requests > before && delivered > 5, $"{delivered} completion tokens delivered for a request priced at 5");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, _upstream.Requests);
        Assert.Equal(0UL, await _gateway.ChargedAsync(channel.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_output_limit_in_a_field_of_another_server_is_priced_and_what_is_delivered_is_paid_for(bool stream)
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 5);
        using var agent = GatewayRequests.PayingClient(chain, channel);

        // llama.cpp reads n_predict before max_tokens: 200 tokens, where the gateway's default cap is 64.
        var limits = stream ? """{"n_predict":200,"stream":true}""" : """{"n_predict":200}""";
        using var response = await agent.PostAsync(Url(), Json(WithMessage(limits)));
        var delivered = await DeliveredWordsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200UL, delivered);
        var charged = await _gateway.ChargedAsync(channel.Id);
        var owed = TestPrices.Exact(PromptWords, 0, delivered) / TestPrices.SubUnitsPerAtomic;
        Assert.True(charged >= owed, $"{delivered} completion tokens delivered, {charged} charged, {owed} owed");
    }

    [Fact]
    public async Task An_upstream_that_overruns_its_cap_does_not_deliver_the_overrun_in_a_json_answer()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 5);
        using var agent = GatewayRequests.PayingClient(chain, channel);
        _upstream.Overrun = 500;
        try
        {
            using var response = await agent.PostAsync(Url(), Json(WithMessage("""{"max_tokens":5}""")));
            var delivered = await DeliveredWordsAsync(response);

            var charged = await _gateway.ChargedAsync(channel.Id);
            var owed = TestPrices.Exact(PromptWords, 0, delivered) / TestPrices.SubUnitsPerAtomic;
            Assert.True(delivered <= 5 || charged >= owed, $"{delivered} completion tokens delivered, {charged} charged, {owed} owed");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal(0UL, delivered);
            Assert.Equal(0UL, charged);
        }
        finally
        {
            _upstream.Overrun = 0;
        }
    }

    [Theory]
    [InlineData("18446744073709551615")]
    [InlineData("18446744073709551616")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e9")]
    [InlineData("\"64\"")]
    public async Task A_max_tokens_that_cannot_be_priced_is_a_400_not_a_server_error(string maxTokens)
    {
        var before = _upstream.Requests;
        using var client = new HttpClient();

        // Unpaid: the price is quoted (and must be quotable) before any payment is asked for.
        using var response = await client.PostAsync(Url(), Json(WithMessage($$"""{"max_tokens":{{maxTokens}}}""")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, _upstream.Requests);
    }

    private const ulong PromptWords = 4;

    private static string WithMessage(string fields)
    {
        var body = JsonNode.Parse(fields)!.AsObject();
        body["model"] = "demo";
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "one two three four" });
        return body.ToJsonString();
    }

    /// <summary>Completion words the client received: one per content chunk of a stream, one per word of a JSON answer.</summary>
    private static async Task<ulong> DeliveredWordsAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            await response.Content.ReadAsStringAsync();
            return 0;
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var events = await GatewayRequests.ReadEventsAsync(response);
            return (ulong)events.Count(e => e.Data?["choices"]?[0]?["delta"]?["content"] is not null);
        }

        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var text = (string?)answer["choices"]?[0]?["message"]?["content"] ?? "";
        return (ulong)text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private Uri Url() => new(_gateway.Server.BaseAddress, "/v1/chat/completions");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
