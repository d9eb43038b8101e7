using System.Globalization;
using Billing.Core.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Microsoft.Extensions.Options;

namespace Billing.Grains.Chain;

/// <summary>
/// Reads a channel from the batch-settlement contract at the newest block that has the configured confirmations, so a
/// deposit counts only once it is that deep.
/// </summary>
public sealed class RpcChannelChainReader(EthRpcClient rpc, BatchSettlementContract contract, IOptions<ChainOptions> options) : IChannelChainReader
{
    public async Task<OnChainChannelSnapshot> ReadAsync(string channelId, CancellationToken cancellationToken)
    {
        var id = Hash32.Parse(channelId);
        var head = await rpc.GetBlockNumberAsync(cancellationToken);
        var depth = (ulong)Math.Max(0, options.Value.Confirmations - 1);
        var block = head > depth ? head - depth : 0;
        var tag = "0x" + block.ToString("x", CultureInfo.InvariantCulture);

        var channel = contract.GetChannelAsync(id, tag, cancellationToken);
        var withdrawal = contract.GetPendingWithdrawalAsync(id, tag, cancellationToken);
        var refundNonce = contract.RefundNonceAsync(id, tag, cancellationToken);
        await Task.WhenAll(channel, withdrawal, refundNonce);

        // Only a pending withdrawal needs the chain's clock (its deadline runs on block time); other reads skip the call.
        var chainTime = 0UL;
        if (withdrawal.Result.InitiatedAt != 0)
        {
            chainTime = (await rpc.GetBlockByNumberAsync(head, cancellationToken))?.Timestamp ?? 0;
        }

        return new OnChainChannelSnapshot(
            channel.Result.Balance,
            channel.Result.TotalClaimed,
            withdrawal.Result.Amount,
            withdrawal.Result.InitiatedAt,
            (ulong)refundNonce.Result,
            block,
            chainTime);
    }
}
