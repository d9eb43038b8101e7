using System.Numerics;
using System.Security.Cryptography;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>
/// Our server on the shared local chain, serving only as a facilitator (with or without a caller token), plus the chain
/// helpers the facilitator tests need: minting to fresh payers and reading balances.
/// </summary>
internal sealed class FacilitatorHost : IAsyncDisposable
{
    private readonly string _dataFolder;

    private FacilitatorHost(LocalChainFixture chain, LocalServer server, string dataFolder, string? token)
    {
        Chain = chain;
        Server = server;
        _dataFolder = dataFolder;
        Token = token;
        Payments = new PaymentBuilder(chain.Deployment, chain.Domain);
        Caller = new FacilitatorCaller(server.BaseAddress, token);
    }

    public LocalChainFixture Chain { get; }

    public LocalServer Server { get; }

    public string? Token { get; }

    public PaymentBuilder Payments { get; }

    public FacilitatorCaller Caller { get; }

    /// <summary>The facilitator's own key: the receiver authorizer it signs with and the account that pays its gas.</summary>
    public Address Authorizer => Chain.ReceiverAuthorizer.Address;

    public Erc20Token Token20 => new(Chain.Rpc, Payments.Token);

    public static async Task<FacilitatorHost> StartAsync(LocalChainFixture chain, bool withToken)
    {
        var dataFolder = Directory.CreateTempSubdirectory("billing-facilitator-").FullName;
        var token = withToken ? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) : null;
        var overrides = new Dictionary<string, string?>
        {
            ["Facilitator:Enabled"] = "true",
            ["Facilitator:Token"] = token,
            // The tests act as other resource servers, each with a payTo of its own.
            ["Facilitator:PayTo:0"] = "*",
        };
        var server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, dataFolder, 1_000) { Overrides = overrides });
        return new FacilitatorHost(chain, server, dataFolder, token);
    }

    /// <summary>A payer key nobody else uses, holding <paramref name="tokens"/> test tokens and no ether: it only signs.</summary>
    public async Task<PrivateKey> FundedPayerAsync(UInt128 tokens)
    {
        var payer = PrivateKey.Generate();
        var minter = await TransactionSender.CreateAsync(Chain.Rpc, Chain.Minter);
        var receipt = await minter.SendAndWaitAsync(new TransactionRequest(Payments.Token, Erc20Token.EncodeMint(payer.Address, tokens)));
        Assert.True(receipt.Succeeded);
        return payer;
    }

    public Task<BigInteger> BalanceOfAsync(Address owner) => Token20.BalanceOfAsync(owner);

    public Task<(UInt128 Balance, UInt128 TotalClaimed)> ChannelAsync(ChannelConfig config) => Chain.Contract.GetChannelAsync(Chain.Domain.ChannelId(config));

    public async ValueTask DisposeAsync()
    {
        Caller.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
