using System.Globalization;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Gateway;
using Billing.IntegrationTests.Reconciliation;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// The clients people already use, unchanged and used as their documentation shows, pay through the metered gateway with
/// the official x402 client as their <c>fetch</c>: the <c>openai</c> SDK (streaming loop, plain completion, a streamed
/// Responses API call) and the AI SDK (<c>streamText</c>, <c>generateText</c>, on chat completions and on its default
/// model, which speaks the Responses API). None of them may stumble over what the gateway adds to a paid stream.
/// </summary>
[Collection(CanonicalChainCollection.Name)]
public sealed class OpenAiSdkClientTests(CanonicalChainFixture chain, ITestOutputHelper output)
{
    private const int Rounds = 2;
    private static readonly string[] Clients =
        ["openai-stream", "openai-json", "ai-stream", "ai-generate", "openai-responses-stream", "ai-responses-stream", "ai-responses-generate"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_openai_sdk_and_the_ai_sdk_stream_and_complete_and_their_charges_add_up_to_what_was_charged(bool adoptStreamCharges)
    {
        var payerKey = AnvilNode.DevelopmentKeys[adoptStreamCharges ? 9 : 7];
        using var payer = PrivateKey.FromHex(payerKey);
        await chain.MintAsync(payer.Address, 10_000_000);
        var channelId = chain.Domain.ChannelId(chain.OfficialClientChannel(payer.Address));

        await using var gateway = await GatewayServer.StartAsync(chain, new Dictionary<string, string?> { ["Payment:MinDepositMultiplier"] = "100" });
        var start = OfficialClient.Harness(chain, "pay-sdks.mjs", gateway.Server.BaseAddress, "/v1", payerKey);
        start.Environment["ROUNDS"] = Rounds.ToString(CultureInfo.InvariantCulture);
        start.Environment["CALLS"] = string.Join(',', Clients);
        start.Environment["ADOPT_STREAM_CHARGES"] = adoptStreamCharges ? "1" : "0";
        var run = await OfficialClient.RunAsync<SdkClientReport>(start);
        output.WriteLine(run.Transcript);

        Assert.True(run.ExitCode == 0, run.Transcript);
        var report = Assert.IsType<SdkClientReport>(run.Report);
        Assert.Empty(report.Errors);
        Assert.Equal(Rounds * Clients.Length, report.Calls.Count);
        foreach (var call in report.Calls)
        {
            // No TypeError in the loop, no schema error in the AI SDK: every call ends with its text and a real finish.
            Assert.Null(call.Error);
            Assert.False(string.IsNullOrWhiteSpace(call.Text), $"{call.Client} returned no text");
            Assert.DoesNotContain("x402", call.Text, StringComparison.OrdinalIgnoreCase);
            Assert.True(call.FinishReason is "stop" or "length", $"{call.Client} finished with '{call.FinishReason}'");
            Assert.NotNull(call.Charged);
        }

        // One charge seen per call, streams included, and together exactly what the channel was charged.
        Assert.Equal(report.Calls.Count, report.Charges.Count);
        Assert.Equal(Rounds * Clients.Count(c => c.EndsWith("-stream", StringComparison.Ordinal)), report.Charges.Count(c => c.Stream));
        var seen = report.Charges.Aggregate(0UL, (sum, c) => sum + ulong.Parse(c.Charged!, CultureInfo.InvariantCulture));
        Assert.True(seen > 0);
        var charged = await gateway.ChargedAsync(channelId);
        Assert.Equal(charged, seen);
        Assert.Equal(charged.ToString(CultureInfo.InvariantCulture), report.Charges[^1].ChargedCumulative);
        Assert.Equal(report.Calls.Count, report.Paid);
        Assert.Equal(1, report.Deposits);

        // The official client learns a charge only from the receipt header, which a stream sends before its charge is
        // known: left alone, the call after a stream pays one corrective 402 (and recovers by itself), a call after a
        // JSON answer none. With the stream's closing charge written into the client's storage, no call pays one.
        Assert.Equal(0, report.Calls[0].Correctives);
        for (var i = 1; i < report.Calls.Count; i++)
        {
            var afterStream = report.Calls[i - 1].Client.EndsWith("-stream", StringComparison.Ordinal);
            var expected = afterStream && !adoptStreamCharges ? 1 : 0;
            Assert.True(report.Calls[i].Correctives == expected, $"call {i} ({report.Calls[i].Client}) paid {report.Calls[i].Correctives} correctives");
        }

        Assert.Equal(report.Calls.Count(c => c.Correctives > 0), report.Correctives);

        using var operatorApi = new OperatorClient(gateway.Server);
        var settlement = await operatorApi.SettleAsync();
        Assert.Empty(settlement.Problems);
        Assert.Equal((UInt128)charged, (await chain.Contract.GetChannelAsync(channelId)).TotalClaimed);

        // The journal holds one row per call, together what the clients saw, and the claim covers it all.
        using var reconciliation = new ReconciliationClient(gateway.Server);
        var reconciled = await reconciliation.ReconcileAsync();
        var text = charged.ToString(CultureInfo.InvariantCulture);
        var row = Assert.Single(reconciled.Channels, c => c.ChannelId == channelId.ToString());
        Assert.Equal((text, text, report.Calls.Count, text, text), (row.Charged, row.Journal, row.JournalRows, row.Claimed, row.ClaimedByEvents));
        Assert.DoesNotContain(reconciled.Discrepancies, d => d.ChannelId == row.ChannelId);
    }

    [Fact]
    public async Task Parallel_streams_of_one_payer_run_on_salted_channels_and_each_channel_is_charged_what_its_worker_saw()
    {
        const int workers = 3;
        const int streams = 3;
        var payerKey = AnvilNode.DevelopmentKeys[8];
        using var payer = PrivateKey.FromHex(payerKey);
        await chain.MintAsync(payer.Address, 10_000_000);

        await using var gateway = await GatewayServer.StartAsync(chain, new Dictionary<string, string?> { ["Payment:MinDepositMultiplier"] = "100" });
        var start = OfficialClient.Harness(chain, "pay-parallel.mjs", gateway.Server.BaseAddress, "/v1", payerKey);
        start.Environment["WORKERS"] = workers.ToString(CultureInfo.InvariantCulture);
        start.Environment["STREAMS"] = streams.ToString(CultureInfo.InvariantCulture);
        var run = await OfficialClient.RunAsync<ParallelSdkReport>(start);
        output.WriteLine(run.Transcript);

        Assert.True(run.ExitCode == 0, run.Transcript);
        var report = Assert.IsType<ParallelSdkReport>(run.Report);
        Assert.Empty(report.Errors);
        Assert.Equal(workers, report.Workers.Count);
        ulong total = 0;
        foreach (var worker in report.Workers)
        {
            // Each worker's channel is the one its salt names, charged exactly what the worker read from its streams.
            Assert.Equal(streams, worker.Streams);
            var config = chain.OfficialClientChannel(payer.Address) with { Salt = Hash32.Parse(worker.Salt) };
            var channelId = chain.Domain.ChannelId(config);
            Assert.Equal(channelId.ToString(), worker.ChannelId, ignoreCase: true);
            var charged = ulong.Parse(worker.Charged, CultureInfo.InvariantCulture);
            Assert.True(charged > 0);
            Assert.Equal(charged, await gateway.ChargedAsync(channelId));
            Assert.Equal(worker.Charged, worker.ChargedCumulative);

            // Each worker adopts its streams' closing charges into its client's storage: no voucher needed correcting.
            Assert.Equal(0, worker.Correctives);
            total += charged;
        }

        Assert.Equal(workers, report.Workers.Select(w => w.ChannelId).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        using var operatorApi = new OperatorClient(gateway.Server);
        var settlement = await operatorApi.SettleAsync();
        Assert.Empty(settlement.Problems);
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), settlement.AmountClaimed);
    }
}
