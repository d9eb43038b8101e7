using System.Net.Http.Json;
using Billing.Server.Operator;
using Billing.Server.Reconciliation;

namespace Billing.Cli.Commands;

/// <summary>
/// "reconcile": asks a running server to compare charged, journaled, claimed and settled amounts, prints the result and,
/// on request, exports the ledger. Exit code 0 only when nothing is wrong (pending amounts are not, unless
/// --fail-on-pending says so), 1 when something is, 2 on bad usage.
/// </summary>
public static class ReconcileCommand
{
    private const string Usage =
        "usage: billing reconcile --server URL [--export ledger.csv|ledger.jsonl] [--fail-on-pending]   (operator token in BILLING_OPERATOR_TOKEN)";

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var server = Value(args, "--server");
        var export = Value(args, "--export");
        var format = export is null ? null : ExportFormat(export);
        if (server is null || !Uri.TryCreate(server, UriKind.Absolute, out var baseAddress) || (export is not null && format is null))
        {
            output.WriteLine(Usage);
            return 2;
        }

        var token = new OperatorOptions().ResolveToken();
        if (string.IsNullOrEmpty(token))
        {
            output.WriteLine("Set BILLING_OPERATOR_TOKEN to the server's operator token.");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        try
        {
            return await ReconcileAsync(http, args, export, format, output, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            output.WriteLine($"The server at {baseAddress} could not be reached: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> ReconcileAsync(
        HttpClient http, string[] args, string? export, string? format, TextWriter output, CancellationToken cancellationToken)
    {
        var report = await FetchAsync(http, output, cancellationToken);
        if (report is null)
        {
            return 1;
        }

        Print(report, output);
        if (export is not null)
        {
            using var response = await http.GetAsync(
                new Uri($"/operator/ledger?format={format}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                output.WriteLine($"Ledger export failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return 1;
            }

            await using (var file = File.Create(export))
            {
                await response.Content.CopyToAsync(file, cancellationToken);
            }

            output.WriteLine($"Ledger exported to {export} ({format}).");
        }

        var failOnPending = args.Contains("--fail-on-pending", StringComparer.Ordinal);
        return report.Balanced && (!failOnPending || report.Discrepancies.Count == 0) ? 0 : 1;
    }

    /// <summary>GET /operator/reconciliation; null (with the reason written) when the server refused or failed.</summary>
    public static async Task<ReconciliationReport?> FetchAsync(HttpClient operatorApi, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operatorApi);
        ArgumentNullException.ThrowIfNull(output);
        using var response = await operatorApi.GetAsync(new Uri("/operator/reconciliation", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            output.WriteLine($"Reconciliation failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return null;
        }

        return await response.Content.ReadFromJsonAsync<ReconciliationReport>(cancellationToken)
            ?? throw new InvalidOperationException("The server answered the reconciliation with no report.");
    }

    public static void Print(ReconciliationReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var t = report.Totals;
        output.WriteLine($"Reconciliation at block {report.Block}: {t.Channels} channels, {t.JournalRows} journal rows");
        output.WriteLine($"  charged {t.Charged}  journal {t.Journal}  claimed {t.Claimed}  unclaimed {t.Unclaimed}");
        output.WriteLine($"  receiver claimed {t.ReceiverClaimed}  settled {t.Settled}  unsettled {t.Unsettled}");
        foreach (var d in report.Discrepancies)
        {
            var where = d.ChannelId ?? "receiver";
            output.WriteLine($"  {(d.Pending ? "pending" : "ERROR")} {JsonName(d.Kind)} {where}: expected {d.Expected}, found {d.Actual}. {d.Detail}");
        }

        output.WriteLine(report.Balanced ? "  balanced" : "  NOT balanced");
    }

    private static string JsonName(DiscrepancyKind kind) => System.Text.Json.JsonSerializer.Serialize(kind).Trim('"');

    private static string? ExportFormat(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".jsonl" => "jsonl",
        _ => null,
    };

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
