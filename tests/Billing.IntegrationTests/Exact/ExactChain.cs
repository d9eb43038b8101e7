using System.Numerics;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Exact;

/// <summary>Payers of the <c>exact</c> tests: fresh keys holding test tokens and no ether (the server pays the gas).</summary>
internal static class ExactChain
{
    public static async Task<PrivateKey> FundedPayerAsync(LocalChainFixture chain, BigInteger tokens)
    {
        var payer = PrivateKey.Generate();
        await MintAsync(chain, payer.Address, tokens);
        return payer;
    }

    public static async Task MintAsync(LocalChainFixture chain, Address payer, BigInteger tokens)
    {
        var minter = await TransactionSender.CreateAsync(chain.Rpc, chain.Minter);
        var receipt = await minter.SendAndWaitAsync(new TransactionRequest(Token(chain).Address, Erc20Token.EncodeMint(payer, tokens)));
        Assert.True(receipt.Succeeded, "minting test tokens reverted");
    }

    public static Erc20Token Token(LocalChainFixture chain) => new(chain.Rpc, Address.Parse(chain.Deployment.Token));

    public static LocalServerSettings Settings(LocalChainFixture chain, string dataFolder, UInt128 price, IReadOnlyDictionary<string, string?>? overrides = null) =>
        new(chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, dataFolder, price)
        {
            Overrides = overrides ?? new Dictionary<string, string?>(),
        };
}
