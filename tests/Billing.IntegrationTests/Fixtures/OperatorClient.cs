using System.Net;
using System.Net.Http.Json;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Server.Operator;
using Billing.Server.Reconciliation;
using Billing.Server.Settlement;

namespace Billing.IntegrationTests.Fixtures;

/// <summary>The operator API of a running server, over HTTP with its credential.</summary>
public sealed class OperatorClient : IDisposable
{
    private readonly HttpClient _http;

    public OperatorClient(LocalServer server)
        : this(server.BaseAddress, server.OperatorToken)
    {
    }

    /// <summary>The operator API of a server in another process (<see cref="ServerProcess"/>).</summary>
    public OperatorClient(Uri baseAddress, string operatorToken)
    {
        _http = new HttpClient { BaseAddress = baseAddress };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", operatorToken);
    }

    public async Task<ChannelReport?> ChannelAsync(Hash32 channelId)
    {
        using var response = await _http.GetAsync(new Uri($"/operator/channels/{channelId}", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ChannelReport>();
    }

    public async Task<IReadOnlyList<UsageReport>> UsageAsync(Hash32 channelId) =>
        (await _http.GetFromJsonAsync<List<UsageReport>>(new Uri($"/operator/channels/{channelId}/usage", UriKind.Relative)))!;

    public async Task<IReadOnlyList<UsageReport>> PayerUsageAsync(Address payer) =>
        (await _http.GetFromJsonAsync<List<UsageReport>>(new Uri($"/operator/payers/{payer}/usage", UriKind.Relative)))!;

    public async Task<SettlementReport> SettleAsync()
    {
        using var response = await _http.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SettlementReport>())!;
    }

    public async Task<ReconciliationReport> ReconcileAsync() =>
        (await _http.GetFromJsonAsync<ReconciliationReport>(new Uri("/operator/reconciliation", UriKind.Relative)))!;

    public void Dispose() => _http.Dispose();
}
