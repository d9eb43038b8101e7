using System.Numerics;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>What the server's sending key has spent: transactions (its nonce) and wei (gas), read from the chain.</summary>
internal readonly record struct SenderSpend(ulong Transactions, BigInteger Wei)
{
    public static async Task<SenderSpend> ReadAsync(LocalChainFixture chain)
    {
        // Deposits and refunds are sent with the receiver authorizer's key when no separate sender key is configured.
        var sender = chain.ReceiverAuthorizer.Address;
        return new SenderSpend(await chain.Rpc.GetTransactionCountAsync(sender), await chain.Rpc.GetBalanceAsync(sender));
    }

    public SenderSpend Since(SenderSpend before) => new(Transactions - before.Transactions, before.Wei - Wei);
}
