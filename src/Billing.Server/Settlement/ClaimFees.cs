using System.Numerics;
using Billing.Evm.Rpc;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>EIP-1559 fees for claims: the node's suggestion under the configured caps, and replacement bumps.</summary>
internal sealed class ClaimFees(EthRpcClient rpc, IOptions<SettlementOptions> options)
{
    public async Task<Eip1559Fees> SuggestAsync(CancellationToken cancellationToken)
    {
        var suggested = await rpc.SuggestFeesAsync(cancellationToken: cancellationToken);
        return Capped(suggested.MaxFeePerGas, suggested.MaxPriorityFeePerGas);
    }

    /// <summary>
    /// Fees for a replacement of a transaction sent with <paramref name="previous"/>: both raised by at least 12.5% (nodes
    /// refuse smaller bumps as "replacement transaction underpriced"), and at least today's suggestion. Null when the caps
    /// leave no room for such a bump.
    /// </summary>
    public async Task<Eip1559Fees?> BumpAsync(Eip1559Fees previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var suggested = await rpc.SuggestFeesAsync(cancellationToken: cancellationToken);
        var maxFee = BigInteger.Max(Bumped(previous.MaxFeePerGas), suggested.MaxFeePerGas);
        var priority = BigInteger.Max(Bumped(previous.MaxPriorityFeePerGas), suggested.MaxPriorityFeePerGas);
        var capped = Capped(maxFee, priority);
        return capped.MaxFeePerGas < Bumped(previous.MaxFeePerGas) || capped.MaxPriorityFeePerGas < Bumped(previous.MaxPriorityFeePerGas)
            ? null
            : capped;
    }

    /// <summary>+12.5%, rounded up, and at least one wei more.</summary>
    private static BigInteger Bumped(BigInteger fee) => fee + BigInteger.Max(BigInteger.One, (fee + 7) / 8);

    private Eip1559Fees Capped(BigInteger maxFee, BigInteger priority)
    {
        var o = options.Value;
        if (o.MaxFeePerGas is { } feeCap)
        {
            maxFee = BigInteger.Min(maxFee, feeCap);
        }

        if (o.MaxPriorityFeePerGas is { } priorityCap)
        {
            priority = BigInteger.Min(priority, priorityCap);
        }

        return new Eip1559Fees(maxFee, BigInteger.Min(priority, maxFee));
    }
}
