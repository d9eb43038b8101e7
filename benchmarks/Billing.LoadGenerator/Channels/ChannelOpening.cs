using System.Numerics;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;

namespace Billing.LoadGenerator.Channels;

/// <summary>
/// Opens and funds many channels of one payer on the local chain with as few round trips as possible: one mint and one
/// token approval for all of them, then each channel's deposit approval and deposit sent back to back (anvil mines each
/// on arrival, in nonce order) and their receipts checked at the end. What <see cref="ChannelFunding"/> does for one
/// channel, without waiting for five receipts per channel.
/// </summary>
public static class ChannelOpening
{
    private static readonly AbiFunction ApproveDeposit = AbiFunction.Parse("approveDeposit(bytes32,uint256)");

    public static async Task OpenAsync(
        EthRpcClient rpc, Deployment deployment, PrivateKey minter, PrivateKey payer, IReadOnlyList<BenchChannel> channels, UInt128 deposit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(channels);
        var token = Address.Parse(deployment.Token);
        var settlement = Address.Parse(deployment.BatchSettlement);
        var collector = Address.Parse(deployment.Erc20DepositCollector);
        var total = deposit * (UInt128)channels.Count;

        var minterSender = await TransactionSender.CreateAsync(rpc, minter, cancellationToken: cancellationToken);
        var payerSender = await TransactionSender.CreateAsync(rpc, payer, cancellationToken: cancellationToken);
        var sent = new List<(string Step, Hash32 Hash)>
        {
            ("mint", (await minterSender.SendAsync(new TransactionRequest(token, Erc20Token.EncodeMint(payer.Address, total)), cancellationToken)).Hash),
            ("approve", (await payerSender.SendAsync(new TransactionRequest(token, Erc20Token.EncodeApprove(collector, total)), cancellationToken)).Hash),
        };
        foreach (var channel in channels)
        {
            var approval = new TransactionRequest(collector, ApproveDeposit.EncodeCall(channel.Id, (BigInteger)deposit));
            sent.Add(("approveDeposit", (await payerSender.SendAsync(approval, cancellationToken)).Hash));
            var funding = new TransactionRequest(settlement, BatchSettlementContract.EncodeDeposit(channel.Config, deposit, collector, []));
            sent.Add(("deposit", (await payerSender.SendAsync(funding, cancellationToken)).Hash));
        }

        foreach (var (step, hash) in sent)
        {
            var receipt = await payerSender.WaitForReceiptAsync(hash, cancellationToken: cancellationToken);
            if (!receipt.Succeeded)
            {
                throw new InvalidOperationException($"The {step} transaction {hash} reverted.");
            }
        }
    }
}
