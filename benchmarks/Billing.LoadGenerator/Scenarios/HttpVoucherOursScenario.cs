using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Load;
using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// http-voucher-ours*: paid requests with pre-signed vouchers against our server in this process (Orleans silo +
/// ASP.NET Core on loopback), each channel's requests in sequence, over SQLite or PostgreSQL, windowed or strict.
/// </summary>
public static class HttpVoucherOursScenario
{
    public static async Task<ScenarioResult> RunAsync(
        string name, LocalChain chain, LoadSettings settings, string durability, string storage, string? connectionString, TextWriter log, CancellationToken cancellationToken,
        IReadOnlyList<double>? referenceRates = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine($"  {name}: our server, {storage}, {durability} durability");
        await using var server = await OurServer.StartAsync(chain, settings, durability, storage, connectionString, cancellationToken);
        using var route = new PaidRoute(server.Server.BaseAddress, settings.Channels);
        var accepted = await route.ReadOfferAsync(cancellationToken);

        using var payer = LocalChain.Payer();
        var book = new VoucherBook(chain.Domain, chain.Channels, payer, settings.Price);
        var payments = new VoucherQueues<string>(chain.Channels.Count, counts => book.NextHeaders(counts, accepted));
        var (closed, open) = await PhasedRun.RunAsync(settings, payments, (_, header) => route.PayAsync(header), log, referenceRates);
        return ScenarioResult.FromPhases(
            name, closed, open, settings.Describe(durability, storage) + "; server in the load generator's process", route.FirstFailure);
    }
}
