using System.Numerics;

namespace Billing.Evm.Rpc;

/// <summary>
/// <c>eth_feeHistory</c>: base fees for the requested blocks plus the next one, gas-used ratios, and the priority-fee
/// percentiles asked for, per block.
/// </summary>
public sealed record FeeHistory(
    ulong OldestBlock,
    IReadOnlyList<BigInteger> BaseFeePerGas,
    IReadOnlyList<double> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<BigInteger>> Reward);
