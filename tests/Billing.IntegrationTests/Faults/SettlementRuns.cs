using System.Net;
using System.Net.Http.Json;
using Billing.Server.Settlement;

namespace Billing.IntegrationTests.Faults;

/// <summary>
/// Runs the operator's settlement endpoint and keeps every report. Under faults a run may fail (5xx) or report problems;
/// <see cref="RunUntilAsync"/> repeats it, boundedly, until the chain shows what the test expects.
/// </summary>
public sealed class SettlementRuns(HttpClient operatorApi)
{
    private readonly List<SettlementReport> _reports = [];
    private readonly List<string> _failures = [];

    public IReadOnlyList<SettlementReport> Reports => _reports;

    /// <summary>Runs that answered without a report (the fault reached the operator as an error), with their status.</summary>
    public IReadOnlyList<string> Failures => _failures;

    public IEnumerable<string> ClaimTransactions => _reports.SelectMany(r => r.ClaimTransactions);

    public IEnumerable<string> Problems => _reports.SelectMany(r => r.Problems);

    public static HttpClient OperatorApi(Uri baseAddress, string operatorToken)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", operatorToken);
        return http;
    }

    /// <summary>One run; null when it failed. A lost connection (the server was killed) counts as a failure too.</summary>
    public async Task<SettlementReport?> RunAsync()
    {
        try
        {
            using var response = await operatorApi.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Record($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return null;
            }

            var report = (await response.Content.ReadFromJsonAsync<SettlementReport>())!;
            lock (_reports)
            {
                _reports.Add(report);
            }

            return report;
        }
        catch (HttpRequestException ex)
        {
            Record(ex.Message);
            return null;
        }
    }

    /// <summary>Runs settlement until <paramref name="converged"/> holds, at most <paramref name="maxRuns"/> times.</summary>
    public async Task RunUntilAsync(Func<Task<string?>> converged, int maxRuns = 6)
    {
        string? gap = null;
        for (var run = 1; run <= maxRuns; run++)
        {
            await RunAsync();
            gap = await converged();
            if (gap is null)
            {
                return;
            }

            // Give the chain watcher a poll or two to bring the grains' mirror of the chain up to date.
            await Task.Delay(TimeSpan.FromMilliseconds(750));
        }

        Assert.Fail($"Settlement did not converge in {maxRuns} runs: {gap}\nFailed runs: {string.Join("; ", _failures)}\n"
            + $"Problems reported: {string.Join("; ", Problems.Take(20))}");
    }

    private void Record(string failure)
    {
        lock (_reports)
        {
            _failures.Add(failure);
        }
    }
}
