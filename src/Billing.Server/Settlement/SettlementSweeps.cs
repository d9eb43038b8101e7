using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// settle(receiver, token) after claims were confirmed: pays out what was claimed but not yet settled. Sent only when the
/// chain shows something to settle, since a settle with nothing owed is a silent no-op that still costs gas.
/// </summary>
internal sealed class SettlementSweeps(
    BatchSettlementContract contract, SettlementAccount account, IOptions<SettlementOptions> options, IOptions<ChainOptions> chain)
{
    public async Task SweepAsync(
        IEnumerable<(Address Receiver, Address Token)> receivers, SettlementTally tally, CancellationToken cancellationToken)
    {
        foreach (var (receiver, token) in receivers)
        {
            var owed = await contract.GetReceiverAsync(receiver, token, cancellationToken: cancellationToken);
            if (owed.TotalClaimed <= owed.TotalSettled)
            {
                continue;
            }

            var sent = await account.Sender.SendAsync(
                new TransactionRequest(contract.Address, BatchSettlementContract.EncodeSettle(receiver, token)), cancellationToken);
            tally.SettleTransactions.Add(sent.Hash.ToString());
            try
            {
                var receipt = await account.Sender.WaitForReceiptAsync(sent.Hash, chain.Value.Confirmations, options.Value.ReceiptTimeout, cancellationToken);
                tally.GasUsed(receipt.GasUsed);
                if (!receipt.Succeeded)
                {
                    tally.Problems.Add($"settle transaction {sent.Hash} reverted");
                }
            }
            catch (Exception ex) when (ex is TimeoutException or TransactionDroppedException)
            {
                // settle is idempotent: whatever stays unsettled is swept after the next confirmed claim.
                tally.Problems.Add($"settle transaction {sent.Hash} not confirmed: {ex.Message}");
            }
        }
    }
}
