using System.Globalization;
using System.Net;
using System.Text;
using Billing.Cli.Upstream;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Fuzz;
using Billing.IntegrationTests.Gateway;
using Billing.X402;
using Billing.X402.Http;
using static Billing.IntegrationTests.Gateway.GatewayRequests;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A stream that runs longer than the reservation timeout must not become free: another voucher or a refund arriving
/// while it runs must not take its reservation, and the escrow it consumes must never be refunded.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class LongStreamReservationTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Deposit = 10_000_000;
    private const int StreamTokens = 30;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayServer.StartAsync(
            chain,
            new Dictionary<string, string?>
            {
                ["Channels:Ledger:ReservationTimeout"] = "00:00:02",
            },
            new DemoUpstreamOptions { TokensPerSecond = 5 });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_stream_longer_than_the_reservation_timeout_is_charged_in_full_and_its_escrow_is_not_refunded()
    {
        var channel = await chain.OpenChannelAsync(Deposit, payerKeyIndex: 8);
        using var agent = PayingClient(chain, channel);
        using var http = new HttpClient();
        var chat = new Uri(_gateway.Server.BaseAddress, "/v1/chat/completions");

        // 30 tokens (the demo answers a five-word prompt with 40 and stops at max_tokens) at 5 a second: a 6 s stream under
        // a 2 s reservation timeout.
        using var request = new HttpRequestMessage(HttpMethod.Post, chat)
        {
            Content = Chat("tell me a long story", maxTokens: StreamTokens, stream: true, includeUsage: true),
        };
        using var stream = await agent.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var received = new StringBuilder();

        // 15 tokens in, the stream has run 3 s: longer than the timeout, so an unrenewed reservation would have lapsed.
        await ReadChunksAsync(reader, received, 15);

        // Another voucher on the same channel, signed on what was charged before the stream (as after a lapse it would match).
        using var unpaid = await http.PostAsync(chat, Chat("hi", maxTokens: 4));
        var offer = X402Responses.PaymentRequired(unpaid).Accepts.First(a => a.Scheme == "batch-settlement");
        var ceiling = UInt128.Parse(offer.Amount, CultureInfo.InvariantCulture);
        using var other = new HttpRequestMessage(HttpMethod.Post, chat) { Content = Chat("hi", maxTokens: 4) };
        other.Headers.Add(X402Headers.PaymentSignature, VoucherHeaders.Build(offer, chain.Domain, channel.Config, ceiling, channel.Payer));
        using var otherResponse = await http.SendAsync(other);

        // And a refund of everything not charged, signed on the same basis.
        using var refund = new HttpRequestMessage(HttpMethod.Post, chat) { Content = Chat("hi", maxTokens: 4) };
        refund.Headers.Add(X402Headers.PaymentSignature, PaymentHeaders.Refund(
            chain.Domain, offer, channel.Config, channel.Payer, UInt128.Zero, Deposit.ToString(CultureInfo.InvariantCulture)));
        using var refundResponse = await http.SendAsync(refund);

        received.Append(await reader.ReadToEndAsync());
        var events = ParseEvents(received.ToString());

        Assert.Equal(HttpStatusCode.PaymentRequired, otherResponse.StatusCode);
        Assert.Equal(X402ErrorReasons.BatchChannelBusy, X402Responses.PaymentRequired(otherResponse).Error);
        Assert.Equal(HttpStatusCode.PaymentRequired, refundResponse.StatusCode);
        Assert.Equal(X402ErrorReasons.BatchChannelBusy, X402Responses.PaymentRequired(refundResponse).Error);

        // The stream is charged every token it delivered, not nothing.
        var usage = events.Select(e => e.Data).OfType<System.Text.Json.Nodes.JsonObject>().Single(d => d["usage"] is System.Text.Json.Nodes.JsonObject)["usage"]!;
        var expected = TestPrices.Exact((ulong)usage["prompt_tokens"]!, (ulong)usage["prompt_tokens_details"]!["cached_tokens"]!, (ulong)usage["completion_tokens"]!)
            / TestPrices.SubUnitsPerAtomic;
        var charge = events.Single(e => e.Name == "x402-charge").Data!;
        Assert.Null(charge["error"]);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), (string)charge["chargedAmount"]!);
        Assert.Equal(expected, await _gateway.ChargedAsync(channel.Id));

        // No escrow left the channel: the refund did not return what the stream consumed (nor anything else).
        Assert.Equal((UInt128)Deposit, (await chain.Contract.GetChannelAsync(channel.Id)).Balance);
    }

    private static async Task ReadChunksAsync(StreamReader reader, StringBuilder received, int chunks)
    {
        var seen = 0;
        while (seen < chunks && await reader.ReadLineAsync() is { } line)
        {
            received.Append(line).Append('\n');
            if (line.Contains("\"content\"", StringComparison.Ordinal))
            {
                seen++;
            }
        }

        Assert.True(chunks == seen, received.ToString());
    }
}
