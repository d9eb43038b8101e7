using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.Server.Chain;
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
        // Every silo sends from the same key: on a shared database its nonces come from one authority for the cluster,
        // not from each process's own count (which let silos sign different deposits with one nonce).
        services.AddSingleton<SenderNonces>();
        services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<IOptions<ChainOptions>>().Value;
            var key = sp.GetRequiredService<ServerKeys>().ReceiverAuthorizer;
            return new TransactionSender(
                sp.GetRequiredService<EthRpcClient>(),
                key,
                sp.GetRequiredService<ISecp256k1>(),
                chain.ChainId,
                new TransactionSenderOptions { DroppedAfter = chain.DroppedTransactionAfter },
                sp.GetRequiredService<SenderNonces>().For(chain.ChainId, key.Address));
        });
        return services;
    }
}
