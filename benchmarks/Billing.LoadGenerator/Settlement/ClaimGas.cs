using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.LoadGenerator.Channels;

namespace Billing.LoadGenerator.Settlement;

/// <summary>
/// Sends one claim transaction over given channels, each row a real voucher of the payer's for <c>amount</c>, claimed
/// in full, and reads the gas it used from its receipt. <c>claim</c> is sent by the receiver authorizer itself;
/// <c>claimWithSignature</c> by another account (a relayer) with the receiver authorizer's EIP-712 ClaimBatch signature.
/// </summary>
public sealed class ClaimGas(LocalChain chain, PrivateKey payerAuthorizer, PrivateKey receiverAuthorizer, TransactionSender authorizerSender, TransactionSender relayer)
{
    public async Task<ClaimGasReading> SendAsync(IReadOnlyList<BenchChannel> channels, UInt128 amount, bool withSignature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var claims = channels.Select(c => new VoucherClaim(
            c.Config, amount, Secp256k1.Default.Sign(chain.Domain.VoucherDigest(c.Id, amount).AsSpan(), payerAuthorizer), amount)).ToList();
        var contract = Address.Parse(chain.Deployment.BatchSettlement);
        byte[] calldata;
        TransactionSender sender;
        if (withSignature)
        {
            var digest = chain.Domain.ClaimBatchDigest(channels.Select(c => new ClaimEntry(c.Id, amount, amount)).ToList());
            calldata = BatchSettlementContract.EncodeClaimWithSignature(claims, Secp256k1.Default.Sign(digest.AsSpan(), receiverAuthorizer));
            sender = relayer;
        }
        else
        {
            calldata = BatchSettlementContract.EncodeClaim(claims);
            sender = authorizerSender;
        }

        var receipt = await sender.SendAndWaitAsync(new TransactionRequest(contract, calldata), cancellationToken: cancellationToken);
        return new ClaimGasReading(channels.Count, receipt.GasUsed, calldata.Length, receipt.Succeeded);
    }
}
