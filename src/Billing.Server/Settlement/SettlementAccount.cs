using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// The account that sends claim and settle transactions (Keys:TransactionSender*, else the receiver authorizer). Its
/// nonces are serialised process-wide by <see cref="TransactionSender"/>, whichever sender instance uses the key.
/// </summary>
public sealed class SettlementAccount(EthRpcClient rpc, ServerKeys keys, ISecp256k1 curve, IOptions<ChainOptions> chain)
{
    public TransactionSender Sender { get; } = new(rpc, keys.TransactionSender, curve, chain.Value.ChainId);
}
