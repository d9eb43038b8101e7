using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.Server.Chain;
using Billing.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// The account that sends claim and settle transactions (Keys:TransactionSender*, else the receiver authorizer). Its
/// nonces come from the account's one authority (<see cref="SenderNonces"/>), shared with the deposit sender when the key
/// is the same one, and with the other silos on a shared database.
/// </summary>
public sealed class SettlementAccount
{
    public SettlementAccount(EthRpcClient rpc, ServerKeys keys, ISecp256k1 curve, IOptions<ChainOptions> chain, SenderNonces nonces)
    {
        var key = keys.TransactionSender;
        Sender = new(rpc, key, curve, chain.Value.ChainId, options: null, nonces.For(chain.Value.ChainId, key.Address));
    }

    public TransactionSender Sender { get; }
}
