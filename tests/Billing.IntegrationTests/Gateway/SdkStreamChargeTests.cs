using System.Globalization;
using System.Net;
using System.Text;
using Billing.IntegrationTests.Fixtures;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Gateway;

/// <summary>
/// The SDK adopts the charge a stream states in its last event, so that its next voucher is right the first time: paid
/// completions back to back, streamed or not, never meet a corrective 402, and the channel is charged exactly the sum of
/// what each request was told it was charged.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class SdkStreamChargeTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Deposit = 10_000_000;
    private const int Requests = 9;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayServer.StartAsync(chain);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Streams_back_to_back_need_no_corrective_402_and_the_channel_is_charged_their_sum()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 7);
        var counter = new PaidRefusalCounter();
        using var agent = PayingClient(chain, channel, counter);
        ulong charged = 0;
        for (var i = 0; i < Requests; i++)
        {
            // Read as it arrives, and read whole by HttpClient: both pass the charge event to the SDK.
            charged += i % 2 == 0 ? await StreamLineByLineAsync(agent, i) : await StreamBufferedAsync(agent, i);
        }

        Assert.Equal(Requests, counter.Paid);
        Assert.Equal(0, counter.Refused);
        Assert.Equal(charged, await ChargedAsync(channel));

        // The counter does see corrective 402s: an agent that lost its records (a new SDK instance) meets exactly one.
        var fresh = new PaidRefusalCounter();
        using var amnesiac = PayingClient(chain, channel, fresh);
        charged += await StreamBufferedAsync(amnesiac, Requests);
        Assert.Equal(1, fresh.Refused);
        Assert.Equal(charged, await ChargedAsync(channel));
    }

    [Fact]
    public async Task Streams_and_json_answers_mixed_need_no_corrective_402()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 7);
        var counter = new PaidRefusalCounter();
        using var agent = PayingClient(chain, channel, counter);
        ulong charged = 0;
        for (var i = 0; i < Requests; i++)
        {
            charged += i % 3 == 2 ? await StreamLineByLineAsync(agent, i) : await CompleteAsync(agent, i);
        }

        Assert.Equal(Requests, counter.Paid);
        Assert.Equal(0, counter.Refused);
        Assert.Equal(charged, await ChargedAsync(channel));
    }

    private async Task<ulong> StreamLineByLineAsync(HttpClient agent, int i)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url()) { Content = Body(i, stream: true) };
        using var response = await agent.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var text = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
        }

        return ChargeOf(ParseEvents(text.ToString()));
    }

    private async Task<ulong> StreamBufferedAsync(HttpClient agent, int i)
    {
        using var response = await agent.PostAsync(Url(), Body(i, stream: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ChargeOf(await ReadEventsAsync(response));
    }

    private async Task<ulong> CompleteAsync(HttpClient agent, int i)
    {
        using var response = await agent.PostAsync(Url(), Body(i, stream: false));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ulong.Parse(Header(response, "X-Billing-Charged")!, CultureInfo.InvariantCulture);
    }

    /// <summary>The stream's tokens arrived, and its last event before [DONE] states its charge.</summary>
    private static ulong ChargeOf(List<ReceivedEvent> events)
    {
        Assert.Contains(events, e => e.Data?["choices"]?.AsArray().Count > 0);
        Assert.Equal("[DONE]", events[^1].Raw);
        var charge = events[^2];
        Assert.Equal("x402-charge", charge.Name);
        return ulong.Parse((string)charge.Data!["chargedAmount"]!, CultureInfo.InvariantCulture);
    }

    // Sizes vary so that consecutive ceilings and charges differ: a stale charged total could not pass by luck.
    private static StringContent Body(int i, bool stream) =>
        Chat(string.Join(' ', Enumerable.Repeat("voucher", 3 + (i * 7 % 11))), maxTokens: 5 + (i * 13 % 40), stream: stream);

    private Uri Url() => new(_gateway.Server.BaseAddress, "/v1/chat/completions");

    private Task<ulong> ChargedAsync(FundedChannel channel) => _gateway.ChargedAsync(channel.Id);
}
