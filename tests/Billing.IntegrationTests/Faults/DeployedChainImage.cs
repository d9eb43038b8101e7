using Billing.Cli.LocalChain;

namespace Billing.IntegrationTests.Faults;

/// <summary>
/// The repository's contracts deployed once by the forge script, saved as an anvil state file. Every fault test starts
/// its own anvil from this image, so a test that stops, reorganises or drains its chain cannot disturb another.
/// </summary>
public sealed class DeployedChainImage : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("billing-chain-image-").FullName;

    public ContractsFolder Contracts { get; } = ContractsFolder.Locate();

    public Deployment Deployment { get; private set; } = null!;

    public string StateFile => Path.Combine(_folder, "deployed.json");

    public async Task InitializeAsync()
    {
        await using var anvil = await AnvilNode.StartAsync(Contracts);
        Deployment = await ContractDeployer.DeployAsync(Contracts, anvil.RpcUrl, AnvilNode.DevelopmentKeys[0]);
        await anvil.SaveStateAsync(StateFile);
    }

    /// <summary>A fresh anvil with the contracts deployed, behind its own fault proxy.</summary>
    public Task<FaultChain> StartChainAsync() => FaultChain.StartAsync(this);

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SettlementFaultsCollection : ICollectionFixture<DeployedChainImage>
{
    public const string Name = "settlement faults";
}
