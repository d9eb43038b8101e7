using Billing.Abstractions.Channels;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Load;
using Billing.LoadGenerator.Measurement;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// grain-authorize-commit: the hot path without HTTP. Each operation is Authorize (signature recovery, cumulative rule,
/// funds, reservation) and Commit on the channel grain, called through the silo's own grain factory. Run under both
/// durability modes: strict (the commit waits for the charge log's group commit) and windowed.
/// </summary>
public static class GrainAuthorizeCommitScenario
{
    public const string Name = "grain-authorize-commit";

    public const string StrictName = "grain-authorize-commit-strict";

    /// <param name="durability">"Windowed" (<see cref="Name"/>) or "Strict" (<see cref="StrictName"/>).</param>
    public static async Task<ScenarioResult> RunAsync(LocalChain chain, LoadSettings settings, string durability, TextWriter log, CancellationToken cancellationToken)
    {
        var name = durability == "Strict" ? StrictName : Name;
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine($"  {name}: channel grains in one silo, SQLite, {durability} durability");
        await using var server = await OurServer.StartAsync(chain, settings, durability, "Sqlite", null, cancellationToken);
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
        return ScenarioResult.FromPhases(name, closed, open, settings.Describe(durability, "Sqlite") + "; one op = Authorize + Commit, no HTTP", firstFailure);
    }
}
