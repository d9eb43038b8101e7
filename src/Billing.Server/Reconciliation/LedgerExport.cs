using System.Globalization;
using System.Runtime.CompilerServices;
using Billing.Core.Journal;
using Billing.Evm.Rpc;

namespace Billing.Server.Reconciliation;

/// <summary>
/// The ledger as operators export it: every journaled charge, in channel and position order, with the claim transaction
/// that collected it. A charge is collected by the first claim whose new claimed total reaches the charge's position.
/// </summary>
public sealed class LedgerExport(IChargeJournal journal, ClaimTraceReader traces, EthRpcClient rpc)
{
    public async IAsyncEnumerable<LedgerRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var trace = await traces.ReadAsync(await rpc.GetBlockNumberAsync(cancellationToken), cancellationToken);
        await foreach (var charge in journal.ReadAllAsync(cancellationToken))
        {
            var claim = trace.CollectorOf(charge.ChannelId, charge.CumulativeCharged);
            yield return new LedgerRow(
                charge.ChannelId,
                charge.RequestId,
                ChargeKinds.ToText(charge.Kind),
                charge.Amount.ToString(CultureInfo.InvariantCulture),
                charge.CumulativeCharged.ToString(CultureInfo.InvariantCulture),
                charge.ChargedAt,
                charge.Model ?? "",
                charge.InputTokens,
                charge.OutputTokens,
                claim?.TransactionHash.ToString() ?? "",
                claim?.BlockNumber);
        }
    }
}
