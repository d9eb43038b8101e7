using System.Numerics;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Formats;

namespace Billing.IntegrationTests.Agent;

/// <summary>
/// Payers for the SDK tests: keys that hold the local test token and nothing else. The SDK's payer never sends a
/// transaction (the payee executes its deposits), so it needs no gas, only tokens.
/// </summary>
internal static class AgentSetup
{
    public static async Task MintAsync(LocalChainFixture chain, IEnumerable<Address> payers, BigInteger amount)
    {
        var minter = await TransactionSender.CreateAsync(chain.Rpc, chain.Minter);
        var token = Address.Parse(chain.Deployment.Token);
        foreach (var payer in payers)
        {
            await minter.SendAndWaitAsync(new TransactionRequest(token, Erc20Token.EncodeMint(payer, amount)));
        }
    }

    /// <summary>
    /// Pays the receiver everything claimed for it (anyone may call settle). A refund claims the charged amounts without
    /// settling them; tests that refund sweep afterwards, so other tests that measure the receiver start clean.
    /// </summary>
    public static async Task<BigInteger> SettleReceiverAsync(LocalChainFixture chain)
    {
        var token = Address.Parse(chain.Deployment.Token);
        var before = await TokenBalanceAsync(chain, chain.Receiver.Address);
        var sender = await TransactionSender.CreateAsync(chain.Rpc, chain.Minter);
        await sender.SendAndWaitAsync(new TransactionRequest(chain.Contract.Address, BatchSettlementContract.EncodeSettle(chain.Receiver.Address, token)));
        return await TokenBalanceAsync(chain, chain.Receiver.Address) - before;
    }

    public static Task<BigInteger> TokenBalanceAsync(LocalChainFixture chain, Address owner) =>
        new Erc20Token(chain.Rpc, Address.Parse(chain.Deployment.Token)).BalanceOfAsync(owner);

    /// <summary>Options for the local deployment (its own collector address), a fresh channel salt and the given caps.</summary>
    public static PayerOptions Options(LocalChainFixture chain, UInt128 price, UInt128? maxDeposit) => new()
    {
        SettlementContract = Address.Parse(chain.Deployment.BatchSettlement),
        Erc3009DepositCollector = Address.Parse(chain.Deployment.Erc3009DepositCollector),
        ChannelSalt = LocalChainFixture.RandomSalt(),
        MaxDeposit = maxDeposit,
        Limits = new SpendLimits
        {
            PerRequest = price,
            AllowedAssets = [chain.Deployment.Token],
            AllowedNetworks = [Caip2.FormatEip155(chain.Deployment.ChainId)],
        },
    };

    public static ChannelConfig Channel(LocalChainFixture chain, Address payer, Hash32 salt) => new(
        payer, payer, chain.Receiver.Address, chain.ReceiverAuthorizer.Address, Address.Parse(chain.Deployment.Token), 900, salt);
}
