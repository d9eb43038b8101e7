using System.Diagnostics;
using Billing.X402.Http;
using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Sends generated cases to one server from several workers, each with its own HttpClient holding one keep-alive
/// connection. Cases are judged as they come back; nothing is shrunk, because the server's state moves under the run and
/// a failing case is reported whole instead.
/// </summary>
internal sealed class FuzzCampaign(Uri target, Gen<FuzzCase> cases, FuzzJudge judge, FuzzTally tally)
{
    public async Task<TimeSpan> RunAsync(int total, int workers, ulong seed)
    {
        var issued = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(60) };
            var random = new PCG((uint)worker, seed);
            while (Interlocked.Increment(ref issued) <= total)
            {
                var fuzzCase = cases.Generate(random, null, out _);
                await SendAsync(http, fuzzCase);
            }
        })));
        return clock.Elapsed;
    }

    private async Task SendAsync(HttpClient http, FuzzCase fuzzCase)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, fuzzCase.Header);
        try
        {
            using var response = await http.SendAsync(request);
            await judge.JudgeAsync(fuzzCase, response);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The server dropped the connection or stopped answering: it must keep serving whatever it is sent.
            tally.Answer(fuzzCase, 0);
            tally.Violation(fuzzCase, $"no answer: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
