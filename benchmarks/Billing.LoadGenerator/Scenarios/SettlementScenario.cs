using System.Globalization;
using System.Net.Http.Json;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Load;
using Billing.LoadGenerator.Measurement;
using Billing.LoadGenerator.Settlement;
using Billing.Server.Settlement;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// Settlement on anvil. settlement-gas-{1,10,100}[-with-signature]: gas per channel of one claim transaction of that
/// many rows, read from its receipt, over channels never claimed before (the first claim of a channel writes its
/// claimed total from zero, the dearest case). settlement-requests-per-claim: paid requests charged through our server,
/// then one settlement run under the default policy (SettlementOptions); requests charged / claim transactions sent.
/// </summary>
public static class SettlementScenario
{
    public const string Name = "settlement";
    public const string RequestsPerClaimName = "settlement-requests-per-claim";
    private const string GasPrefix = "settlement-gas-";
    private const string Durability = "Windowed";

    private static readonly int[] Rows = [1, 10, 100];
    private static readonly UInt128 ClaimedPerChannel = 1_000_000;

    /// <summary>Runs when asked for by its group name or any scenario name it reports.</summary>
    public static bool IsIncluded(LoadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Includes(Name) || settings.Includes(RequestsPerClaimName) || Rows.Any(r => settings.Includes(GasPrefix + r));
    }

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine($"  {Name}: a chain with {settings.Channels} channels to charge and {2 * Rows.Sum()} never claimed, for the gas readings");
        await using var chain = await LocalChain.StartAsync(settings.Channels + (2 * Rows.Sum()), log, cancellationToken);
        var results = new List<ScenarioResult>
        {
            await RequestsPerClaimAsync(chain, settings, log, cancellationToken),
        };

        using var payer = LocalChain.Payer();
        using var receiverAuthorizer = PrivateKey.FromHex(LocalChain.ReceiverAuthorizerKey);
        using var relayerKey = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[4]);
        var rpc = chain.Rpc();
        var gas = new ClaimGas(
            chain, payer, receiverAuthorizer,
            await TransactionSender.CreateAsync(rpc, receiverAuthorizer, cancellationToken: cancellationToken),
            await TransactionSender.CreateAsync(rpc, relayerKey, cancellationToken: cancellationToken));
        var next = settings.Channels;
        foreach (var withSignature in new[] { false, true })
        {
            foreach (var rows in Rows)
            {
                var reading = await gas.SendAsync(chain.Channels.Skip(next).Take(rows).ToArray(), ClaimedPerChannel, withSignature, cancellationToken);
                next += rows;
                var name = GasPrefix + rows.ToString(CultureInfo.InvariantCulture) + (withSignature ? "-with-signature" : "");
                log.WriteLine($"    {name}: {reading.GasUsed} gas, {reading.GasPerChannel:F0} per channel{(reading.Succeeded ? "" : ", REVERTED")}");
                results.Add(new ScenarioResult(name, 0, 0, 0, 0, reading.Succeeded ? 0 : 1)
                {
                    Settings = withSignature
                        ? $"claimWithSignature of {rows} rows sent by a relayer with the receiver authorizer's ClaimBatch signature; channels never claimed before"
                        : $"claim of {rows} rows sent by the receiver authorizer; channels never claimed before",
                    Details = new Dictionary<string, double>
                    {
                        ["rows"] = rows,
                        ["gas_used"] = reading.GasUsed,
                        ["gas_per_channel"] = Math.Round(reading.GasPerChannel),
                        ["calldata_bytes"] = reading.CalldataBytes,
                    },
                });
            }
        }

        return results;
    }

    private static async Task<ScenarioResult> RequestsPerClaimAsync(LocalChain chain, LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        await using var server = await OurServer.StartAsync(chain, settings, Durability, "Sqlite", null, cancellationToken);
        var charged = chain.Channels.Take(settings.Channels).ToArray();
        using var route = new PaidRoute(server.Server.BaseAddress, charged.Length);
        var accepted = await route.ReadOfferAsync(cancellationToken);
        using var payer = LocalChain.Payer();
        var book = new VoucherBook(chain.Domain, charged, payer, settings.Price);
        var payments = new VoucherQueues<string>(charged.Length, counts => book.NextHeaders(counts, accepted));
        payments.FillTo(settings.WarmupPerChannel);
        var paid = await ClosedLoop.RunAsync(payments, (_, header) => route.PayAsync(header), TimeSpan.FromMinutes(2));

        var policy = server.Server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SettlementOptions>>().Value;
        var report = await RunSettlementAsync(server.Server, cancellationToken);
        var claims = report.ClaimTransactions.Count;
        var perClaim = claims == 0 ? 0 : (double)paid.Operations / claims;
        log.WriteLine($"    {RequestsPerClaimName}: {paid.Operations} requests on {charged.Length} channels settled by {claims} claim transaction(s): {perClaim:F0} per claim");
        return new ScenarioResult(RequestsPerClaimName, 0, 0, 0, 0, paid.Errors + report.Problems.Count)
        {
            Settings = string.Create(
                CultureInfo.InvariantCulture,
                $"{charged.Length} channels × {settings.WarmupPerChannel} paid requests through our server, then one settlement run with the default policy (BatchSize {policy.BatchSize}); requests per claim tx = requests charged / claim transactions the run sent"),
            Note = report.Problems.Count > 0 ? string.Join("; ", report.Problems) : route.FirstFailure,
            Details = new Dictionary<string, double>
            {
                ["requests_charged"] = paid.Operations,
                ["channels_claimed"] = report.ChannelsClaimed,
                ["claim_transactions"] = claims,
                ["settle_transactions"] = report.SettleTransactions.Count,
                ["requests_per_claim_tx"] = Math.Round(perClaim, 1),
                ["batch_size"] = policy.BatchSize,
            },
        };
    }

    /// <summary>One settlement run as an operator starts it: every channel that owes a claim is claimed now.</summary>
    private static async Task<SettlementReport> RunSettlementAsync(LocalServer server, CancellationToken cancellationToken)
    {
        using var operatorApi = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        operatorApi.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
        using var response = await operatorApi.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SettlementReport>(cancellationToken)
            ?? throw new InvalidOperationException("The settlement run returned no report.");
    }
}
