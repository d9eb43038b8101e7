using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Load;
using Billing.LoadGenerator.Measurement;
using Billing.LoadGenerator.Reference;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// http-voucher-reference: the same paid requests, payload shape and phases against the official npm server
/// (@x402/express + @x402/evm batch-settlement) with its channel storage seeded so every voucher verifies locally. The
/// npm scheme signs for the canonical settlement address, so these channels live in that domain; no chain is needed.
/// </summary>
public static class HttpVoucherReferenceScenario
{
    public const string Name = "http-voucher-reference";

    private static readonly Address CanonicalSettlement = Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");

    public static async Task<ScenarioResult> RunAsync(LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        if (ReferenceServer.MissingPrerequisite() is { } missing)
        {
            return ScenarioResult.Unavailable(Name, missing);
        }

        log.WriteLine($"  {Name}: @x402/express + @x402/evm batch-settlement");
        using var payer = LocalChain.Payer();
        using var receiverAuthorizer = PrivateKey.FromHex(LocalChain.ReceiverAuthorizerKey);
        var domain = new BatchSettlementDomain(31337, CanonicalSettlement);
        var token = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        var channels = BenchChannel.Create(domain, settings.Channels, payer.Address, LocalChain.Receiver(), receiverAuthorizer.Address, token, 900);

        await using var server = await ReferenceServer.StartAsync(ReferenceSeed.For(domain.ChainId, channels, settings.Price, LocalChain.Deposit), cancellationToken);
        using var route = new PaidRoute(server.BaseAddress, settings.Channels);
        var accepted = await route.ReadOfferAsync(cancellationToken);
        var book = new VoucherBook(domain, channels, payer, settings.Price);
        var payments = new VoucherQueues<string>(channels.Count, counts => book.NextHeaders(counts, accepted));
        var (closed, open) = await PhasedRun.RunAsync(settings, payments, (_, header) => route.PayAsync(header), log);

        var facilitatorCalls = await server.FacilitatorCallsAsync(cancellationToken);
        var note = facilitatorCalls > 0
            ? $"{facilitatorCalls} payments reached the facilitator instead of verifying locally; figures are not comparable"
            : route.FirstFailure;
        var result = ScenarioResult.FromPhases(
            Name, closed, open, settings.Describe("in-memory channel storage", "none") + "; node child process, vouchers verified locally", note);
        return result with { Errors = result.Errors + facilitatorCalls };
    }
}
