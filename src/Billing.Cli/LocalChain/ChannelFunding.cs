using System.Numerics;
using Billing.Evm;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;

namespace Billing.Cli.LocalChain;

/// <summary>
/// Opens and funds a channel the plain way: mint test tokens to the payer, approve the ERC-20 collector, deposit. Used by
/// the demo and the tests; a real payer would deposit by ERC-3009 authorization through the server instead.
/// </summary>
public static class ChannelFunding
{
    private static readonly AbiFunction ApproveDeposit = AbiFunction.Parse("approveDeposit(bytes32,uint256)");

    public static async Task<Hash32> OpenAsync(
        EthRpcClient rpc,
        Deployment deployment,
        PrivateKey minter,
        PrivateKey payer,
        ChannelConfig config,
        UInt128 amount,
        CancellationToken cancellationToken = default)
    {
        var token = Address.Parse(deployment.Token);
        var settlement = Address.Parse(deployment.BatchSettlement);
        var collector = Address.Parse(deployment.Erc20DepositCollector);

        var minterSender = await TransactionSender.CreateAsync(rpc, minter, cancellationToken: cancellationToken);
        await Require(minterSender.SendAndWaitAsync(new TransactionRequest(token, Erc20Token.EncodeMint(payer.Address, amount)), cancellationToken: cancellationToken), "mint");

        // The collector pulls only into a channel the payer approved by id (besides the token approval): a bare token
        // approval would let anyone deposit the payer's tokens into a channel of their own making.
        var channelId = new BatchSettlementDomain(deployment.ChainId, settlement).ChannelId(config);
        var payerSender = await TransactionSender.CreateAsync(rpc, payer, cancellationToken: cancellationToken);
        await Require(payerSender.SendAndWaitAsync(new TransactionRequest(token, Erc20Token.EncodeApprove(collector, amount)), cancellationToken: cancellationToken), "approve");
        await Require(
            payerSender.SendAndWaitAsync(new TransactionRequest(collector, ApproveDeposit.EncodeCall(channelId, (BigInteger)amount)), cancellationToken: cancellationToken),
            "approveDeposit");
        await Require(
            payerSender.SendAndWaitAsync(
                new TransactionRequest(settlement, BatchSettlementContract.EncodeDeposit(config, amount, collector, [])), cancellationToken: cancellationToken),
            "deposit");

        return channelId;
    }

    private static async Task Require(Task<TransactionReceipt> sending, string step)
    {
        var receipt = await sending;
        if (!receipt.Succeeded)
        {
            throw new InvalidOperationException($"The {step} transaction {receipt.TransactionHash} reverted.");
        }
    }
}
