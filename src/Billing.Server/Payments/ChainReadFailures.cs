using Billing.Evm;
using Billing.Evm.Rpc;

namespace Billing.Server.Payments;

/// <summary>Failures of a chain read that say nothing about the payment itself: the node, the network, or its answer.</summary>
internal static class ChainReadFailures
{
    public static bool IsUnavailable(Exception exception) =>
        exception is JsonRpcException or EthRpcTransportException or EvmRevertException or EvmDecodingException or HttpRequestException or TimeoutException;
}
