using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;

namespace Billing.LoadGenerator.Channels;

/// <summary>
/// A fresh anvil chain with the contracts deployed and the benchmark's channels opened and funded on it: what our server
/// reads when a channel grain activates. Every scenario against our server reuses these channels with a fresh data
/// folder (or a fresh service id), so each starts from nothing charged.
/// </summary>
public sealed class LocalChain : IAsyncDisposable
{
    /// <summary>Deposit per channel: far more than any run can charge, so escrow never limits a measurement.</summary>
    public static readonly UInt128 Deposit = 1_000_000_000_000;

    private readonly AnvilNode _anvil;
    private readonly HttpClient _http;

    private LocalChain(AnvilNode anvil, HttpClient http, Deployment deployment, IReadOnlyList<BenchChannel> channels)
    {
        _anvil = anvil;
        _http = http;
        Deployment = deployment;
        Channels = channels;
        Domain = new BatchSettlementDomain(deployment.ChainId, Address.Parse(deployment.BatchSettlement));
    }

    public Deployment Deployment { get; }

    public BatchSettlementDomain Domain { get; }

    public IReadOnlyList<BenchChannel> Channels { get; }

    public Uri RpcUrl => _anvil.RpcUrl;

    /// <summary>A JSON-RPC client of this chain, sharing its HTTP connection pool.</summary>
    public EthRpcClient Rpc() => new(_http, _anvil.RpcUrl);

    public static PrivateKey Payer() => PrivateKey.FromHex(AnvilNode.DevelopmentKeys[3]);

    public static Address Receiver() => Address.Parse(AddressOf(1));

    public static string ReceiverAuthorizerKey => AnvilNode.DevelopmentKeys[2];

    public static async Task<LocalChain> StartAsync(int channelCount, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var contracts = ContractsFolder.Locate();
        var anvil = await AnvilNode.StartAsync(contracts, cancellationToken);
        var http = new HttpClient();
        try
        {
            var deployment = await ContractDeployer.DeployAsync(contracts, anvil.RpcUrl, AnvilNode.DevelopmentKeys[0], cancellationToken);
            var rpc = new EthRpcClient(http, anvil.RpcUrl);
            var domain = new BatchSettlementDomain(deployment.ChainId, Address.Parse(deployment.BatchSettlement));
            using var minter = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[0]);
            using var payer = Payer();
            using var receiverAuthorizer = PrivateKey.FromHex(ReceiverAuthorizerKey);
            var channels = BenchChannel.Create(
                domain, channelCount, payer.Address, Receiver(), receiverAuthorizer.Address, Address.Parse(deployment.Token), 900);

            await ChannelOpening.OpenAsync(rpc, deployment, minter, payer, channels, Deposit, cancellationToken);

            log.WriteLine($"  opened {channels.Count} channels on anvil {anvil.RpcUrl}");
            return new LocalChain(anvil, http, deployment, channels);
        }
        catch
        {
            http.Dispose();
            await anvil.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _anvil.DisposeAsync();
    }

    private static string AddressOf(int developmentKey)
    {
        using var key = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[developmentKey]);
        return key.Address.ToString();
    }
}
