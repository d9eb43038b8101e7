using System.Text;

namespace Billing.Server.Reconciliation;

/// <summary>GET /operator/reconciliation and GET /operator/ledger, inside the operator group (bearer credential required).</summary>
public static class ReconciliationEndpoints
{
    public static RouteGroupBuilder MapReconciliation(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/reconciliation", async (LedgerReconciliation reconciliation, CancellationToken cancellationToken) =>
            Results.Ok(await reconciliation.RunAsync(cancellationToken)));
        group.MapGet("/ledger", async (string? format, LedgerExport export, HttpContext context, CancellationToken cancellationToken) =>
        {
            var response = context.Response;
            switch (format ?? "csv")
            {
                case "csv":
                    response.ContentType = "text/csv; charset=utf-8; header=present";
                    await using (var writer = new StreamWriter(response.Body, new UTF8Encoding(false), leaveOpen: true))
                    {
                        await LedgerCsv.WriteAsync(export.ReadAsync(cancellationToken), writer, cancellationToken);
                    }

                    return Results.Empty;
                case "jsonl":
                    response.ContentType = "application/jsonl; charset=utf-8";
                    await LedgerJsonLines.WriteAsync(export.ReadAsync(cancellationToken), response.Body, cancellationToken);
                    return Results.Empty;
                default:
                    return Results.Json(new { error = "invalid_format", message = "format must be csv or jsonl" }, statusCode: 400);
            }
        });
        return group;
    }

    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddSingleton<ClaimTraceReader>();
        services.AddSingleton<LedgerReconciliation>();
        services.AddSingleton<LedgerExport>();
        return services;
    }
}
