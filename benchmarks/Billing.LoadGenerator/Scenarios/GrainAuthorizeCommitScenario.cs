using Billing.Abstractions.Channels;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Load;
using Billing.LoadGenerator.Measurement;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// grain-authorize-commit: the hot path without HTTP. Each operation is Authorize (signature recovery, cumulative rule,
/// funds, reservation) and Commit on the channel grain, called through the silo's own grain factory.
/// </summary>
public static class GrainAuthorizeCommitScenario
{
    public const string Name = "grain-authorize-commit";

    private const string Durability = "Windowed";

    public static async Task<ScenarioResult> RunAsync(LocalChain chain, LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine($"  {Name}: channel grains in one silo, SQLite, {Durability} durability");
        await using var server = await OurServer.StartAsync(chain, settings, Durability, "Sqlite", null, cancellationToken);
        var grains = server.Server.Services.GetRequiredService<IGrainFactory>();
        var channels = chain.Channels.Select(c => grains.GetGrain<IChannelGrain>(c.Id.ToString())).ToArray();
        var messages = chain.Channels.Select(c => c.ToMessage()).ToArray();

        using var payer = LocalChain.Payer();
        var book = new VoucherBook(chain.Domain, chain.Channels, payer, settings.Price);
        var payments = new VoucherQueues<VoucherPresentation>(chain.Channels.Count, counts =>
        {
            var signed = book.Next(counts);
            return signed.Select((vouchers, c) => vouchers.Select(v => new VoucherPresentation(
                Guid.NewGuid().ToString("N"),
                messages[c],
                UInt128.Parse(v.MaxClaimableAmount, System.Globalization.CultureInfo.InvariantCulture),
                Billing.Evm.Hex.Decode(v.Signature),
                settings.Price)).ToArray()).ToArray();
        });

        string? firstFailure = null;
        async ValueTask<bool> AuthorizeAndCommit(int channel, VoucherPresentation presentation)
        {
            var authorized = await channels[channel].Authorize(presentation);
            var committed = authorized.Succeeded ? await channels[channel].Commit(presentation.RequestId, settings.Price) : authorized;
            if (!committed.Succeeded)
            {
                Interlocked.CompareExchange(ref firstFailure, $"{(authorized.Succeeded ? "commit" : "authorize")} refused: {committed.Rejection}", null);
            }

            return committed.Succeeded;
        }

        var (closed, open) = await PhasedRun.RunAsync(settings, payments, AuthorizeAndCommit, log);
        return ScenarioResult.FromPhases(Name, closed, open, settings.Describe(Durability, "Sqlite") + "; one op = Authorize + Commit, no HTTP", firstFailure);
    }
}
