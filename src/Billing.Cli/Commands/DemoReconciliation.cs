using Billing.Server.Reconciliation;

namespace Billing.Cli.Commands;

/// <summary>The demo's last step: the server's reconciliation must match to the unit.</summary>
public static class DemoReconciliation
{
    /// <summary>True when charged = journal = claimed = settled, exactly, and nothing at all is reported as discrepant.</summary>
    public static async Task<bool> RunAsync(HttpClient operatorApi, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var report = await ReconcileCommand.FetchAsync(operatorApi, output, cancellationToken);
        if (report is null)
        {
            return false;
        }

        var t = report.Totals;
        var matches = report.Discrepancies.Count == 0 && t.Charged == t.Journal && t.Journal == t.Claimed && t.Claimed == t.Settled;
        output.WriteLine();
        output.WriteLine("Reconciliation");
        output.WriteLine($"  charged {t.Charged} = journal {t.Journal} ({t.JournalRows} rows) = claimed {t.Claimed} = settled {t.Settled}"
            + (matches ? "   matches to the unit" : "   DOES NOT MATCH"));
        if (!matches)
        {
            ReconcileCommand.Print(report, output);
        }

        return matches;
    }
}
