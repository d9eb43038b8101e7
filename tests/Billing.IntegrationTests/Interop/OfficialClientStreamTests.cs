using System.Globalization;
using System.Text.Json.Nodes;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Gateway;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// The official npm client (unmodified) pays streamed chat completions through the metered gateway: the tokens arrive as
/// a stream, each stream is charged its reported usage times the prices, and after settlement the chain holds exactly
/// what the gateway charged.
/// </summary>
[Collection(CanonicalChainCollection.Name)]
public sealed class OfficialClientStreamTests(CanonicalChainFixture chain, ITestOutputHelper output)
{
    private const int Streams = 3;
    private const int MaxTokens = 24;

    [Fact]
    public async Task Official_client_pays_streamed_completions_charged_from_usage_and_the_claim_matches()
    {
        var payerKey = AnvilNode.DevelopmentKeys[6];
        using var payer = PrivateKey.FromHex(payerKey);
        await chain.MintAsync(payer.Address, 10_000_000);
        var channelId = chain.Domain.ChannelId(chain.OfficialClientChannel(payer.Address));

        // One deposit covers every stream, so the client never tops up midway.
        await using var gateway = await GatewayServer.StartAsync(chain, new Dictionary<string, string?> { ["Payment:MinDepositMultiplier"] = "100" });
        var start = OfficialClient.Harness(chain, "pay-stream.mjs", gateway.Server.BaseAddress, "/v1/chat/completions", payerKey);
        start.Environment["STREAMS"] = Streams.ToString(CultureInfo.InvariantCulture);
        start.Environment["MAX_TOKENS"] = MaxTokens.ToString(CultureInfo.InvariantCulture);
        var run = await OfficialClient.RunAsync<OfficialStreamReport>(start);
        output.WriteLine(run.Transcript);

        Assert.True(run.ExitCode == 0, run.Transcript);
        var report = Assert.IsType<OfficialStreamReport>(run.Report);
        Assert.Empty(report.Errors);
        Assert.Equal(Streams, report.Streams.Count);
        Assert.Equal(Streams, report.Paid);
        Assert.Equal(1, report.Deposits);

        ulong exactTotal = 0;
        foreach (var stream in report.Streams)
        {
            // The tokens came as a stream of deltas, as many as the upstream reported, within max_tokens, uncut.
            var usage = Assert.IsType<JsonObject>(stream.Usage);
            var completion = (ulong)usage["completion_tokens"]!;
            Assert.Equal(completion, (ulong)stream.Tokens);
            Assert.InRange(stream.Tokens, 1, MaxTokens);
            Assert.False(string.IsNullOrWhiteSpace(stream.Text));
            Assert.False(stream.CutOff);
            Assert.True(stream.Done);

            // Charged: the reported usage times the prices, the running total rounded down once (no drift per stream),
            // never above the ceiling the voucher covered.
            exactTotal += TestPrices.Exact((ulong)usage["prompt_tokens"]!, (ulong)usage["prompt_tokens_details"]!["cached_tokens"]!, completion);
            var charge = Assert.IsType<JsonObject>(stream.Charge);
            Assert.Equal(channelId.ToString(), (string)charge["channelId"]!, ignoreCase: true);
            Assert.Equal(exactTotal / TestPrices.SubUnitsPerAtomic, Amount(charge["chargedCumulativeAmount"]));
            Assert.True(Amount(charge["chargedAmount"]) <= Amount(stream.Reserved), $"charged {charge["chargedAmount"]} above the ceiling {stream.Reserved}");
        }

        var charged = exactTotal / TestPrices.SubUnitsPerAtomic;
        Assert.Equal(charged, report.Streams.Aggregate(0UL, (sum, s) => sum + Amount(s.Charge!["chargedAmount"])));
        Assert.Equal(charged, await gateway.ChargedAsync(channelId));

        // Nothing is claimed until the settlement runs; then the claim is exactly what the gateway charged.
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(channelId)).TotalClaimed);
        using var operatorApi = new OperatorClient(gateway.Server);
        var settlement = await operatorApi.SettleAsync();
        Assert.Empty(settlement.Problems);
        Assert.Equal(charged.ToString(CultureInfo.InvariantCulture), settlement.AmountClaimed);
        Assert.Equal((UInt128)charged, (await chain.Contract.GetChannelAsync(channelId)).TotalClaimed);
    }

    private static ulong Amount(JsonNode? text) => Amount((string?)text);

    private static ulong Amount(string? text) => ulong.Parse(text!, CultureInfo.InvariantCulture);
}
