using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Microsoft.Extensions.Options;

namespace Billing.Server.Hosting;

internal static class ChainAccess
{
    /// <summary>JSON-RPC client, contract binding, chain reader for the grains, and the transaction sender of the server's key.</summary>
    public static IServiceCollection AddChainAccess(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(EthRpcClient));
        services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<IOptions<ChainOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(EthRpcClient));
            return new EthRpcClient(http, chain.RpcUrl, new EthRpcOptions { RequestTimeout = chain.RpcRequestTimeout, MaxRetries = chain.RpcRetries });
        });
        services.AddSingleton(sp => new BatchSettlementContract(
            sp.GetRequiredService<EthRpcClient>(),
            Address.Parse(sp.GetRequiredService<IOptions<ChainOptions>>().Value.BatchSettlement)));
        services.AddSingleton<IChannelChainReader, RpcChannelChainReader>();
        services.AddSingleton<UnfundedChannels>();
        services.AddSingleton(sp => new TransactionSender(
            sp.GetRequiredService<EthRpcClient>(),
            sp.GetRequiredService<ServerKeys>().ReceiverAuthorizer,
            sp.GetRequiredService<ISecp256k1>(),
            sp.GetRequiredService<IOptions<ChainOptions>>().Value.ChainId,
            new TransactionSenderOptions { DroppedAfter = sp.GetRequiredService<IOptions<ChainOptions>>().Value.DroppedTransactionAfter }));
        return services;
    }
}
