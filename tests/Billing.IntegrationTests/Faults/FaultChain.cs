using System.Numerics;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Faults;

/// <summary>
/// One test's own anvil, started from the deployed image, with an <see cref="RpcFaultProxy"/> in front of it for the
/// server. The test itself talks to anvil directly (<see cref="Rpc"/>), so its own reads and writes never meet the faults.
/// </summary>
public sealed class FaultChain : IAsyncDisposable
{
    private const int DepositsPerTransaction = 100;
    private static readonly AbiType[] Erc3009CollectorData = [AbiType.UInt256, AbiType.UInt256, AbiType.UInt256, AbiType.Bytes];
    private readonly HttpClient _http = new();

    private FaultChain(AnvilNode anvil, RpcFaultProxy proxy, Deployment deployment)
    {
        Anvil = anvil;
        Proxy = proxy;
        Deployment = deployment;
        Rpc = new EthRpcClient(_http, anvil.RpcUrl);
        var settlement = Address.Parse(deployment.BatchSettlement);
        Contract = new BatchSettlementContract(Rpc, settlement);
        Domain = new BatchSettlementDomain(deployment.ChainId, settlement);
        Token = new Erc20Token(Rpc, Address.Parse(deployment.Token));
    }

    public AnvilNode Anvil { get; }

    public RpcFaultProxy Proxy { get; }

    public Deployment Deployment { get; }

    public EthRpcClient Rpc { get; }

    public BatchSettlementContract Contract { get; }

    public BatchSettlementDomain Domain { get; }

    public Erc20Token Token { get; }

    public PrivateKey Minter { get; } = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[0]);

    /// <summary>Receives the settled money; never holds tokens otherwise, so its token balance is what settlement paid.</summary>
    public PrivateKey Receiver { get; } = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[1]);

    /// <summary>The server's key: it signs and sends the claims.</summary>
    public PrivateKey ReceiverAuthorizer { get; } = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[2]);

    public string ReceiverAuthorizerKey => AnvilNode.DevelopmentKeys[2];

    public PrivateKey Payer { get; } = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[3]);

    public static async Task<FaultChain> StartAsync(DeployedChainImage image)
    {
        var anvil = await AnvilNode.StartAsync(image.Contracts, image.StateFile);
        var proxy = await RpcFaultProxy.StartAsync(anvil.RpcUrl);
        return new FaultChain(anvil, proxy, image.Deployment);
    }

    /// <summary>
    /// Opens <paramref name="count"/> channels of one payer, each funded with <paramref name="deposit"/>: one mint, then the
    /// payer's ERC-3009 deposit authorizations relayed by the minter, a hundred deposits per multicall transaction.
    /// </summary>
    public async Task<IReadOnlyList<FundedChannel>> OpenChannelsAsync(int count, UInt128 deposit)
    {
        var relay = await TransactionSender.CreateAsync(Rpc, Minter);
        await RequireAsync(relay.SendAndWaitAsync(new TransactionRequest(Token.Address, Erc20Token.EncodeMint(Payer.Address, (BigInteger)deposit * count))), "mint");

        var collector = Address.Parse(Deployment.Erc3009DepositCollector);
        var tokenDomain = new Eip712Domain(Deployment.TokenName, Deployment.TokenVersion, Deployment.ChainId, Token.Address);
        var validBefore = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        var channels = new List<FundedChannel>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(DepositsPerTransaction))
        {
            var deposits = new List<byte[]>(chunk.Length);
            foreach (var _ in chunk)
            {
                var config = new ChannelConfig(Payer.Address, Payer.Address, Receiver.Address, ReceiverAuthorizer.Address, Token.Address, 900, LocalChainFixture.RandomSalt());
                var channelId = Domain.ChannelId(config);
                var salt = new BigInteger(channelId.AsSpan(), isUnsigned: true, isBigEndian: true);
                var authorization = new Erc3009Authorization(Payer.Address, collector, (BigInteger)deposit, 0, validBefore, Erc3009.DepositNonce(channelId, salt));
                var signature = Secp256k1.Default.Sign(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), Payer);
                var collectorData = AbiEncoder.Encode(Erc3009CollectorData, [BigInteger.Zero, (BigInteger)validBefore, salt, signature]);
                deposits.Add(BatchSettlementContract.EncodeDeposit(config, deposit, collector, collectorData));
                channels.Add(new FundedChannel(channelId, config, Payer));
            }

            await RequireAsync(relay.SendAndWaitAsync(new TransactionRequest(Contract.Address, BatchSettlementContract.EncodeMulticall(deposits))), "deposit multicall");
        }

        return channels;
    }

    /// <summary>The server in this process, talking to the chain through the fault proxy.</summary>
    public Task<LocalServer> StartServerAsync(string dataFolder, IReadOnlyDictionary<string, string?> overrides)
    {
        // Faults make the silo's scheduler and the RPC client complain by design; only errors are worth printing.
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Orleans"] = "Error", ["Logging:LogLevel:Billing"] = "Error" };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return LocalServer.StartAsync(new LocalServerSettings(Deployment, Proxy.Url, Receiver.Address.ToString(), ReceiverAuthorizerKey, dataFolder, Price: 1_000)
        {
            Overrides = settings,
        });
    }

    /// <summary>Mines empty blocks in place of the last <paramref name="depth"/> ones: their transactions are gone.</summary>
    public Task ReorgAsync(ulong depth) => Rpc.Anvil.ReorgAsync(depth);

    private static async Task RequireAsync(Task<TransactionReceipt> sending, string step)
    {
        var receipt = await sending;
        if (!receipt.Succeeded)
        {
            throw new InvalidOperationException($"The {step} transaction {receipt.TransactionHash} reverted.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Anvil.DisposeAsync();
        _http.Dispose();
    }
}
