using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;

namespace Billing.IntegrationTests.Fixtures;

/// <summary>
/// One real anvil chain with the repository's contracts deployed by its forge script, shared by a test collection.
/// Tests isolate themselves by opening channels with their own salt.
/// </summary>
public class LocalChainFixture : IAsyncLifetime
{
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

    /// <summary>The chain id anvil runs under.</summary>
    protected virtual ulong ChainId => AnvilNode.ChainId;

    public async Task InitializeAsync()
    {
        var contracts = ContractsFolder.Locate();
        _anvil = await AnvilNode.StartAsync(contracts, stateFile: null, ChainId);
        Deployment = await ContractDeployer.DeployAsync(contracts, _anvil.RpcUrl, AnvilNode.DevelopmentKeys[0]);
        Rpc = new EthRpcClient(_http, _anvil.RpcUrl);
        var settlement = Address.Parse(Deployment.BatchSettlement);
        Contract = new BatchSettlementContract(Rpc, settlement);
        Domain = new BatchSettlementDomain(Deployment.ChainId, settlement);
    }

    /// <summary>Opens a channel for a fresh payer key funded by anvil, with a unique salt.</summary>
    public async Task<FundedChannel> OpenChannelAsync(UInt128 deposit, int payerKeyIndex = 3)
    {
        var payer = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[payerKeyIndex]);
        var config = new ChannelConfig(
            payer.Address, payer.Address, Receiver.Address, ReceiverAuthorizer.Address, Address.Parse(Deployment.Token), 900, RandomSalt());
        var id = await ChannelFunding.OpenAsync(Rpc, Deployment, Minter, payer, config, deposit);
        return new FundedChannel(id, config, payer);
    }

    public static Hash32 RandomSalt() => new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public async Task DisposeAsync()
    {
        if (_anvil is not null)
        {
            await _anvil.DisposeAsync();
        }

        _http.Dispose();
    }
}

public sealed record FundedChannel(Hash32 Id, ChannelConfig Config, PrivateKey Payer);

[CollectionDefinition(Name)]
public sealed class LocalChainCollection : ICollectionFixture<LocalChainFixture>
{
    public const string Name = "local chain";
}

/// <summary>
/// Tests that move the chain's clock (withdrawal deadlines) get an anvil of their own: on the shared one, every ERC-3009
/// deposit signed afterwards with a wall-clock validBefore would already be expired on chain. Run alone, after the
/// parallel collections, so the second anvil does not compete with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimeWarpedChainCollection : ICollectionFixture<LocalChainFixture>
{
    public const string Name = "time-warped local chain";
}
