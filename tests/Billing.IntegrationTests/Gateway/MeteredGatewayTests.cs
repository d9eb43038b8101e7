using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Billing.IntegrationTests.Fixtures;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Gateway;

/// <summary>
/// The metered gateway over real HTTP: an agent pays with the C# SDK, the gateway proxies to the demo upstream, and the
/// channel is charged exactly the reported tokens times the prices, never more than the voucher's ceiling, and nothing
/// when the upstream fails.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class MeteredGatewayTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Deposit = 10_000_000;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayServer.StartAsync(chain);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_json_completion_is_charged_exactly_the_reported_tokens_times_the_prices()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 8);
        using var agent = Agent(channel);

        using var response = await agent.PostAsync(Url("/v1/chat/completions"), Chat("tell me about channels and vouchers", maxTokens: 30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = (await response.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!;
        var exact = TestPrices.Exact((ulong)usage["prompt_tokens"]!, (ulong)usage["prompt_tokens_details"]!["cached_tokens"]!, (ulong)usage["completion_tokens"]!);
        var expected = exact / TestPrices.SubUnitsPerAtomic;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Header(response, "X-Billing-Charged"));
        Assert.Equal((Deposit - expected).ToString(CultureInfo.InvariantCulture), Header(response, "X-Billing-Remaining-Balance"));
        Assert.Equal(expected, await ChargedAsync(channel));
    }

    [Fact]
    public async Task A_stream_is_relayed_and_charged_exactly_with_the_charge_in_its_last_event()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 8);
        using var agent = Agent(channel);
        var body = Chat("stream me some words about batches", maxTokens: 40, stream: true, includeUsage: true);

        using var response = await agent.PostAsync(Url("/v1/chat/completions"), body);
        var events = await ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(Header(response, "X-Billing-Reserved"));
        var usage = events.Select(e => e.Data).OfType<JsonObject>().Single(d => d["usage"] is JsonObject)["usage"]!;
        var content = events.Count(e => e.Data is JsonObject d && d["choices"] is JsonArray { Count: > 0 });
        Assert.Equal((ulong)usage["completion_tokens"]!, (ulong)content);
        var expected = TestPrices.Exact((ulong)usage["prompt_tokens"]!, (ulong)usage["prompt_tokens_details"]!["cached_tokens"]!, (ulong)usage["completion_tokens"]!)
            / TestPrices.SubUnitsPerAtomic;
        var charge = events.Single(e => e.Name == "x402-charge").Data!;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), (string)charge["chargedAmount"]!);
        Assert.Equal((Deposit - expected).ToString(CultureInfo.InvariantCulture), (string)charge["remainingBalance"]!);
        Assert.Equal("[DONE]", events[^1].Raw);
        Assert.DoesNotContain(events, e => e.Name == "x402-cutoff");
        Assert.Equal(expected, await ChargedAsync(channel));
    }

    [Fact]
    public async Task A_stream_whose_client_did_not_ask_for_usage_gets_none_and_is_still_charged_from_it()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 8);
        using var agent = Agent(channel);

        using var response = await agent.PostAsync(Url("/v1/chat/completions"), Chat("no usage for me", maxTokens: 40, stream: true));
        var events = await ReadEventsAsync(response);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        Assert.DoesNotContain(events, e => e.Data is JsonObject d && d["usage"] is JsonObject);
        var charged = UInt128.Parse((string)events.Single(e => e.Name == "x402-charge").Data!["chargedAmount"]!, CultureInfo.InvariantCulture);
        Assert.Equal((ulong)charged, await ChargedAsync(channel));
        var report = await UsageAsync(channel);
        Assert.Equal((ulong)events.Count(e => e.Data is JsonObject d && d["choices"] is JsonArray { Count: > 0 }), report.OutputTokens);
        Assert.True(report.InputTokens + report.CachedInputTokens > 0, "the prompt reported by the upstream must be charged");
    }

    [Fact]
    public async Task A_stream_that_would_exceed_its_ceiling_is_cut_off_cleanly_and_charged_at_most_the_ceiling()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 8);
        using var agent = Agent(channel);
        const int MaxTokens = 10;

        using var response = await agent.PostAsync(Url("/v1/chat/completions"), Chat("run away with it", maxTokens: MaxTokens, stream: true, model: "demo-runaway"));
        var events = await ReadEventsAsync(response);

        var reserved = ulong.Parse(Header(response, "X-Billing-Reserved")!, CultureInfo.InvariantCulture);
        var content = events.Count(e => e.Data is JsonObject d && d["choices"] is JsonArray { Count: > 0 });
        Assert.Equal(MaxTokens, content);
        var cutOff = events.FindIndex(e => e.Name == "x402-cutoff");
        var charge = events.FindIndex(e => e.Name == "x402-charge");
        Assert.True(cutOff >= 0 && charge == cutOff + 1, "the cut-off event comes right before the charge event");
        Assert.Equal("price_ceiling", (string)events[cutOff].Data!["reason"]!);
        Assert.Equal("[DONE]", events[^1].Raw);
        var charged = await ChargedAsync(channel);
        Assert.True(charged <= reserved, $"charged {charged} above the ceiling {reserved}");
        Assert.Equal((TestPrices.Call + (MaxTokens * TestPrices.Output)) / TestPrices.SubUnitsPerAtomic, charged);
    }

    [Fact]
    public async Task A_stream_that_keeps_sending_is_not_cut_by_the_upstream_idle_timeout()
    {
        // demo-trickle sends 10 tokens a second: 30 tokens take 3 s, longer than the cluster's 2 s idle timeout, with
        // never more than a tenth of a second of silence. The timeout is for a silent upstream, not a long answer.
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 8);
        using var agent = Agent(channel);
        var body = Chat("tell me a long story", maxTokens: 30, stream: true, includeUsage: true, model: "demo-trickle");

        using var response = await agent.PostAsync(Url("/v1/chat/completions"), body);
        var events = await ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = events.Select(e => e.Data).OfType<JsonObject>().Single(d => d["usage"] is JsonObject)["usage"]!;
        Assert.Equal(30UL, (ulong)usage["completion_tokens"]!);
        Assert.Equal(30, events.Count(e => e.Data is JsonObject d && d["choices"] is JsonArray { Count: > 0 }));
        Assert.Null(events.Single(e => e.Name == "x402-charge").Data!["error"]);
        Assert.Equal("[DONE]", events[^1].Raw);
    }

    [Theory]
    [InlineData("/v1/chat/completions", "demo-error", HttpStatusCode.InternalServerError)]
    [InlineData("/v1/chat/completions", "demo-slow", HttpStatusCode.GatewayTimeout)]
    [InlineData("/dead/v1/chat/completions", "demo", HttpStatusCode.BadGateway)]
    public async Task An_upstream_failure_charges_nothing(string path, string model, HttpStatusCode status)
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 9);
        using var agent = Agent(channel);

        using var response = await agent.PostAsync(Url(path), Chat("fail please", maxTokens: 10, model: model));

        Assert.Equal(status, response.StatusCode);
        Assert.Null(Header(response, "X-Billing-Charged"));
        Assert.Equal(0UL, await ChargedAsync(channel));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_pays_for_what_it_was_sent_and_no_more()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 9);
        using var agent = Agent(channel, drainOnDispose: false);
        const int Received = 3;
        var body = Chat("a long and slow story about settlement and claims and batches of vouchers", maxTokens: 40, stream: true, model: "demo-trickle");

        using (var response = await agent.SendAsync(new HttpRequestMessage(HttpMethod.Post, Url("/v1/chat/completions")) { Content = body }, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            var seen = 0;
            while (seen < Received && await reader.ReadLineAsync() is { } line)
            {
                seen += line.StartsWith("data: {", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        var report = await WaitForUsageAsync(channel);
        Assert.True(report.OutputTokens >= Received && report.OutputTokens <= Received + 5, $"charged for {report.OutputTokens} output tokens after reading {Received}");
        Assert.Equal(0UL, report.InputTokens + report.CachedInputTokens);
        Assert.Equal((TestPrices.Call + (report.OutputTokens * TestPrices.Output)) / TestPrices.SubUnitsPerAtomic, await ChargedAsync(channel));
    }

    [Fact]
    public async Task A_thousand_requests_of_varied_sizes_are_charged_the_floor_of_their_summed_exact_charges()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 9);
        using var agent = Agent(channel);
        var random = new Random(7);
        ulong exactTotal = 0;
        ulong chargedTotal = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var words = string.Join(' ', Enumerable.Range(0, random.Next(1, 60)).Select(w => "word" + w.ToString(CultureInfo.InvariantCulture)));
            var streamed = i % 10 == 0;
            using var response = await agent.PostAsync(Url("/v1/chat/completions"), Chat(words, maxTokens: random.Next(1, 50), stream: streamed, includeUsage: streamed));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            JsonNode usage;
            if (streamed)
            {
                var events = await ReadEventsAsync(response);
                usage = events.Select(e => e.Data).OfType<JsonObject>().Single(d => d["usage"] is JsonObject)["usage"]!;
                chargedTotal += ulong.Parse((string)events.Single(e => e.Name == "x402-charge").Data!["chargedAmount"]!, CultureInfo.InvariantCulture);
            }
            else
            {
                usage = (await response.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!;
                chargedTotal += ulong.Parse(Header(response, "X-Billing-Charged")!, CultureInfo.InvariantCulture);
            }

            exactTotal += TestPrices.Exact((ulong)usage["prompt_tokens"]!, (ulong)usage["prompt_tokens_details"]!["cached_tokens"]!, (ulong)usage["completion_tokens"]!);
        }

        Assert.NotEqual(0UL, exactTotal % TestPrices.SubUnitsPerAtomic);
        Assert.Equal(exactTotal / TestPrices.SubUnitsPerAtomic, chargedTotal);
        Assert.Equal(exactTotal / TestPrices.SubUnitsPerAtomic, await ChargedAsync(channel));
    }

    private Uri Url(string path) => new(_gateway.Server.BaseAddress, path);

    private HttpClient Agent(FundedChannel channel, bool drainOnDispose = true) =>
        // Without draining, disposing a response closes the connection at once, as a client that goes away does.
        GatewayRequests.PayingClient(chain, channel, drainOnDispose ? null : new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero });

    private Task<ulong> ChargedAsync(FundedChannel channel) => _gateway.ChargedAsync(channel.Id);

    private async Task<Billing.Server.Operator.UsageReport> UsageAsync(FundedChannel channel)
    {
        using var operatorApi = new OperatorClient(_gateway.Server);
        return (await operatorApi.UsageAsync(channel.Id)).Single();
    }

    private async Task<Billing.Server.Operator.UsageReport> WaitForUsageAsync(FundedChannel channel)
    {
        using var operatorApi = new OperatorClient(_gateway.Server);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await operatorApi.UsageAsync(channel.Id)) is [var report])
            {
                return report;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The disconnected stream was never committed.");
    }
}
