using System.Globalization;
using System.Net;
using System.Text.Json;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Gateway;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A payment carrying a payment identifier, sent again (concurrently, one after another, after restarts), must never run
/// the route or the upstream a second time, nor be charged twice: a copy gets the answer the first run bought, or a clear
/// refusal. Every /v1/fortune run answers with its own id, so a second run would show as a second id.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ReplayedPaymentRunsOnceTests(LocalChainFixture chain) : IDisposable
{
    private const ulong Price = 1_000;
    private static readonly string[] CopyRefusals = ["payment_in_progress", "payment_already_redeemed"];
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-replay-").FullName;
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Twelve_concurrent_copies_of_one_payment_run_the_route_once_and_are_charged_once()
    {
        var channel = await chain.OpenChannelAsync(deposit: 100_000, payerKeyIndex: 6);
        await using var server = await StartAsync();
        var header = await FortuneHeaderAsync(server, channel);

        var copies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => FortuneAsync(server, header)));
        var after = await FortuneAsync(server, header);

        // What must not happen: a second run (a second fortune id) or a second charge.
        var served = copies.Append(after).Where(c => c.Status == HttpStatusCode.OK).ToList();
        Assert.Single(served.Select(c => c.FortuneId).Distinct());
        Assert.All(copies.Where(c => c.Status != HttpStatusCode.OK), c =>
        {
            Assert.Equal(HttpStatusCode.Conflict, c.Status);
            Assert.Contains(c.Error, CopyRefusals);
        });
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(Price, await ChargedAsync(server, channel));
    }

    [Fact]
    public async Task A_payment_sent_again_after_each_of_three_restarts_is_not_run_again()
    {
        var channel = await chain.OpenChannelAsync(deposit: 100_000, payerKeyIndex: 6);
        string header;
        Copy first;
        await using (var server = await StartAsync())
        {
            header = await FortuneHeaderAsync(server, channel);
            first = await FortuneAsync(server, header);
        }

        Assert.Equal(HttpStatusCode.OK, first.Status);
        for (var restart = 1; restart <= 3; restart++)
        {
            await using var server = await StartAsync();
            var again = await FortuneAsync(server, header);

            // The stored answer (the first run's fortune), not a new run, and still one charge.
            Assert.Equal(HttpStatusCode.OK, again.Status);
            Assert.Equal(first.FortuneId, again.FortuneId);
            Assert.Equal(first.Receipt, again.Receipt);
            Assert.Equal(Price, await ChargedAsync(server, channel));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Copies_of_a_metered_payment_call_the_upstream_once(bool stream)
    {
        var channel = await chain.OpenChannelAsync(deposit: 10_000_000, payerKeyIndex: 6);
        await using var gateway = await GatewayServer.StartAsync(chain);
        var url = new Uri(gateway.Server.BaseAddress, "/v1/chat/completions");
        using var unpaid = await _http.PostAsync(url, GatewayRequests.Chat("replay me", maxTokens: 20, stream: stream, includeUsage: stream));
        var offer = X402Responses.PaymentRequired(unpaid).Accepts.First(a => a.Scheme == "batch-settlement");
        var ceiling = UInt128.Parse(offer.Amount, CultureInfo.InvariantCulture);
        var header = VoucherHeaders.Build(offer, chain.Domain, channel.Config, ceiling, channel.Payer, paymentId: "pay_" + Guid.NewGuid().ToString("N"));
        var before = gateway.Upstream.CompletionRequests;

        var statuses = new List<HttpStatusCode>();
        var refusals = new List<string?>();
        ulong chargedAfterFirst = 0;
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = GatewayRequests.Chat("replay me", maxTokens: 20, stream: stream, includeUsage: stream),
            };
            request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            statuses.Add(response.StatusCode);
            if (i == 0)
            {
                chargedAfterFirst = await gateway.ChargedAsync(channel.Id);
            }
            else
            {
                refusals.Add(ErrorOf(body));
            }
        }

        // What must not happen: a second upstream call, or a charge beyond the first.
        Assert.Equal(1, gateway.Upstream.CompletionRequests - before);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.All(statuses.Skip(1), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.All(refusals, r => Assert.Equal("payment_already_redeemed", r));
        Assert.True(chargedAfterFirst > 0);
        Assert.Equal(chargedAfterFirst, await gateway.ChargedAsync(channel.Id));
    }

    private Task<LocalServer> StartAsync() =>
        LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = new Dictionary<string, string?> { ["RateLimits:UnpaidPerClientPerMinute"] = "100000" },
        });

    private async Task<string> FortuneHeaderAsync(LocalServer server, FundedChannel channel)
    {
        using var unpaid = await _http.GetAsync(new Uri(server.BaseAddress, "/v1/fortune"));
        PaymentRequirements offer = X402Responses.PaymentRequired(unpaid).Accepts.First(a => a.Scheme == "batch-settlement");
        return VoucherHeaders.Build(offer, chain.Domain, channel.Config, Price, channel.Payer, paymentId: "pay_" + Guid.NewGuid().ToString("N"));
    }

    private async Task<Copy> FortuneAsync(LocalServer server, string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/v1/fortune"));
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Copy(response.StatusCode, null, ErrorOf(body), null);
        }

        using var json = JsonDocument.Parse(body);
        return new Copy(
            response.StatusCode,
            json.RootElement.GetProperty("id").GetString(),
            null,
            response.Headers.GetValues(X402Headers.PaymentResponse).Single());
    }

    private static string? ErrorOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }

    private static async Task<ulong> ChargedAsync(LocalServer server, FundedChannel channel)
    {
        using var operatorApi = new OperatorClient(server);
        var view = await operatorApi.ChannelAsync(channel.Id);
        return view is null ? 0UL : ulong.Parse(view.ChargedCumulative, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }

    private sealed record Copy(HttpStatusCode Status, string? FortuneId, string? Error, string? Receipt);
}
