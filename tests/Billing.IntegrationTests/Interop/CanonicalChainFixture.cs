using System.Numerics;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// An anvil chain of its own with our contracts placed at the canonical x402 addresses, for the official npm client,
/// which cannot be pointed anywhere else. It is separate from <c>LocalChainFixture</c>'s chain because placement
/// rewrites code at fixed addresses and the official client always uses channel salt 0: sharing a chain would make
/// channels collide across tests that know nothing of each other.
/// </summary>
public sealed class CanonicalChainFixture : IAsyncLifetime
{
    /// <summary>The address every official x402 package signs vouchers for and reads channels from.</summary>
    public static readonly Address CanonicalSettlement = Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");

    private readonly HttpClient _http = new();
    private AnvilNode? _anvil;

    public Deployment Deployment { get; private set; } = null!;

    public EthRpcClient Rpc { get; private set; } = null!;

    public Uri RpcUrl => _anvil!.RpcUrl;

    public PrivateKey Minter { get; } = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[0]);

    public PrivateKey Receiver { get; } = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[1]);

    public string ReceiverAuthorizerKey => AnvilNode.DevelopmentKeys[2];

    public PrivateKey ReceiverAuthorizer { get; } = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[2]);

    public BatchSettlementContract Contract { get; private set; } = null!;

    public BatchSettlementDomain Domain { get; private set; } = null!;

    public Erc20Token Token { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _anvil = await AnvilNode.StartAsync(ContractsFolder.Locate());
        Deployment = await CanonicalPlacement.PlaceAsync(_anvil.RpcUrl, AnvilNode.DevelopmentKeys[0]);
        Rpc = new EthRpcClient(_http, _anvil.RpcUrl);
        Contract = new BatchSettlementContract(Rpc, CanonicalSettlement);
        Domain = new BatchSettlementDomain(Deployment.ChainId, CanonicalSettlement);
        Token = new Erc20Token(Rpc, Address.Parse(Deployment.Token));
    }

    /// <summary>
    /// Gives the payer test tokens. The official client deposits by ERC-3009 authorization, which moves the payer's
    /// own balance: no approval is needed, only the tokens.
    /// </summary>
    public async Task MintAsync(Address payer, BigInteger amount)
    {
        var minter = await TransactionSender.CreateAsync(Rpc, Minter);
        var receipt = await minter.SendAndWaitAsync(new TransactionRequest(Token.Address, Erc20Token.EncodeMint(payer, amount)));
        if (!receipt.Succeeded)
        {
            throw new InvalidOperationException($"Minting test tokens reverted in {receipt.TransactionHash}.");
        }
    }

    /// <summary>The channel the official client opens by default: the payer authorizes its own vouchers, salt 0.</summary>
    public ChannelConfig OfficialClientChannel(Address payer) =>
        new(payer, payer, Receiver.Address, ReceiverAuthorizer.Address, Token.Address, 900, Hash32.Zero);

    public async Task DisposeAsync()
    {
        if (_anvil is not null)
        {
            await _anvil.DisposeAsync();
        }

        _http.Dispose();
    }
}

/// <summary>
/// Runs alone, after the parallel collections: placement runs forge in contracts/, which must not race the forge runs
/// of the other chain fixtures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CanonicalChainCollection : ICollectionFixture<CanonicalChainFixture>
{
    public const string Name = "canonical chain";
}
