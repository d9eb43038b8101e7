using System.Net.Http.Json;
using System.Text.Json;
using Billing.Cli.LocalChain;
using Billing.Server.Reconciliation;

namespace Billing.IntegrationTests.Reconciliation;

/// <summary>The reconciliation endpoints of a running server, over HTTP with its operator credential.</summary>
public sealed class ReconciliationClient : IDisposable
{
    private readonly HttpClient _http;

    public ReconciliationClient(LocalServer server)
    {
        _http = new HttpClient { BaseAddress = server.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
    }

    public async Task<ReconciliationReport> ReconcileAsync() =>
        (await _http.GetFromJsonAsync<ReconciliationReport>(new Uri("/operator/reconciliation", UriKind.Relative)))!;

    public async Task<string> LedgerTextAsync(string format)
    {
        using var response = await _http.GetAsync(new Uri($"/operator/ledger?format={format}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<IReadOnlyList<LedgerRow>> LedgerJsonLinesAsync()
    {
        var text = await LedgerTextAsync("jsonl");
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<LedgerRow>(line)!)];
    }

    public void Dispose() => _http.Dispose();
}
