using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.Server.Payments;
using Microsoft.Extensions.Options;

namespace Billing.Server.Reconciliation;

/// <summary>
/// Reads the contract's Claimed and Settled logs with eth_getLogs from the deployment block (ChainWatcher:StartBlock) to a
/// given block, in ranges the RPC accepts, with the transaction hash of each.
/// </summary>
public sealed class ClaimTraceReader(
    EthRpcClient rpc,
    IOptions<ChainOptions> chain,
    IOptions<ChainWatcherOptions> watcher,
    IOptions<PaymentOptions> payment)
{
    public async Task<ClaimTrace> ReadAsync(ulong toBlock, CancellationToken cancellationToken)
    {
        var contract = Address.Parse(chain.Value.BatchSettlement);
        var receiver = Address.Parse(payment.Value.PayTo);
        var token = Address.Parse(payment.Value.Asset);
        var range = Math.Max(1, watcher.Value.MaxBlockRange);
        var claims = new Dictionary<string, List<ClaimRecord>>(StringComparer.Ordinal);
        var settled = UInt128.Zero;
        for (var from = watcher.Value.StartBlock; from <= toBlock; from += range)
        {
            var filter = LogFilter.ForRange(from, Math.Min(toBlock, from + range - 1), contract) with
            {
                Topics = [[BatchSettlementAbi.Claimed.Topic, BatchSettlementAbi.Settled.Topic]],
            };
            var logs = await rpc.GetLogsAsync(filter, cancellationToken);
            foreach (var log in logs.Where(l => !l.Removed).OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex))
            {
                switch (ChannelEventDecoder.TryDecode(log))
                {
                    case ClaimedEvent claimed:
                        var channelId = claimed.ChannelId.ToString();
                        if (!claims.TryGetValue(channelId, out var list))
                        {
                            claims[channelId] = list = [];
                        }

                        list.Add(new ClaimRecord(
                            channelId, log.TransactionHash ?? Hash32.Zero, log.BlockNumber ?? 0, log.LogIndex ?? 0, claimed.ClaimAmount, claimed.NewTotalClaimed));
                        break;
                    case SettledEvent s when s.Receiver == receiver && s.Token == token:
                        settled += s.Amount;
                        break;
                }
            }

            if (toBlock - from < range)
            {
                break;
            }
        }

        return new ClaimTrace(toBlock, claims.ToDictionary(c => c.Key, c => (IReadOnlyList<ClaimRecord>)c.Value, StringComparer.Ordinal), settled);
    }
}
