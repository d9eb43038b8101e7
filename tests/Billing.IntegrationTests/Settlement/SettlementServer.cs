using System.Net.Http.Json;
using Billing.Abstractions.Settlement;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;
using Billing.Server.Settlement;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Settlement;

/// <summary>A local server with Settlement:* overrides, its data folder, and the settlement operator endpoint.</summary>
public sealed class SettlementServer : IAsyncDisposable
{
    private readonly HttpClient _operator;

    private SettlementServer(LocalServer server, string dataFolder)
    {
        Server = server;
        DataFolder = dataFolder;
        _operator = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        _operator.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
    }

    public LocalServer Server { get; }

    public string DataFolder { get; }

    public ISettlementJournalGrain Journal =>
        Server.Services.GetRequiredService<IGrainFactory>().GetGrain<ISettlementJournalGrain>(ISettlementJournalGrain.Key);

    public static async Task<SettlementServer> StartAsync(
        LocalChainFixture chain, IReadOnlyDictionary<string, string?> overrides, string? dataFolder = null)
    {
        var folder = dataFolder ?? Directory.CreateTempSubdirectory("billing-settle-").FullName;
        var server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, folder, Price: 1_000)
        {
            Overrides = overrides,
        });
        return new SettlementServer(server, folder);
    }

    /// <summary>POST /operator/settlement/run: everything owed, or with <paramref name="policy"/> only what is due.</summary>
    public async Task<SettlementReport> RunAsync(bool policy = false)
    {
        using var response = await _operator.PostAsync(new Uri($"/operator/settlement/run?policy={(policy ? "true" : "false")}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SettlementReport>())!;
    }

    /// <summary>Stops the server and keeps its data folder, for a restart on the same storage.</summary>
    public async Task StopAsync()
    {
        _operator.Dispose();
        await Server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(DataFolder, recursive: true);
    }
}
