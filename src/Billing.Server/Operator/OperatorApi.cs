using Billing.Abstractions.Channels;
using Billing.Abstractions.Payers;
using Billing.Abstractions.Usage;
using Billing.Server.Chain;
using Billing.Server.Reconciliation;
using Billing.Server.Settlement;
using Microsoft.AspNetCore.Cors;

namespace Billing.Server.Operator;

public static class OperatorApi
{
    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder endpoints)
    {
        // No CORS: the operator token must never be sent from a browser page of another origin, so preflights and
        // cross-origin reads get no Access-Control-Allow-* headers whatever origins the paid routes allow.
        var group = endpoints.MapGroup("/operator").AddEndpointFilter<OperatorAuthorization>().WithMetadata(new DisableCorsAttribute());
        // Claims everything owed now; ?policy=true claims only what Settlement:* finds due, as the scheduler does.
        group.MapPost("/settlement/run", async (bool? policy, ClaimSettlement settlement, CancellationToken cancellationToken) =>
            Results.Ok(await settlement.RunAsync(force: policy != true, cancellationToken)));
        group.MapGet("/channels/{channelId}", async (string channelId, IGrainFactory grains) =>
            await grains.GetGrain<IChannelGrain>(channelId.ToLowerInvariant()).GetView() is { } view
                ? Results.Ok(ChannelReport.From(view))
                : Results.NotFound());
        group.MapGet("/channels/{channelId}/usage", async (string channelId, DateTimeOffset? from, DateTimeOffset? to, IGrainFactory grains) =>
        {
            var rows = await grains.GetGrain<IChannelGrain>(channelId.ToLowerInvariant())
                .GetUsage(from ?? DateTimeOffset.UtcNow.AddDays(-7), to ?? DateTimeOffset.UtcNow);
            return Results.Ok(rows.Select(UsageReport.From));
        });
        group.MapGet("/payers/{payer}/usage", async (string payer, DateTimeOffset? from, DateTimeOffset? to, IGrainFactory grains) =>
        {
            var since = from ?? DateTimeOffset.UtcNow.AddDays(-7);
            var until = to ?? DateTimeOffset.UtcNow;
            var rows = new List<UsageReportRow>();
            foreach (var channelId in await grains.GetGrain<IPayerGrain>(payer.ToLowerInvariant()).GetChannels())
            {
                rows.AddRange(await grains.GetGrain<IChannelGrain>(channelId).GetUsage(since, until));
            }

            return Results.Ok(UsageReport.Combine(rows));
        });
        // The ETH balance of the keys that pay gas, as last read on schedule (SenderBalance:*), with a low flag.
        group.MapGet("/senders", (SenderBalances balances) => Results.Ok(balances.Current));
        group.MapReconciliation();
        return endpoints;
    }
}
