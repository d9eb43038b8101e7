using System.Numerics;

namespace Billing.Evm.Rpc;

public sealed record TransactionSenderOptions
{
    /// <summary>Added to <c>eth_estimateGas</c>'s answer, in percent, because state can change between estimate and inclusion.</summary>
    public int GasMarginPercent { get; init; } = 20;

    /// <summary>Upper bound for the suggested max fee per gas; null for no cap. Suggested fees above it are lowered to it.</summary>
    public BigInteger? MaxFeePerGasCap { get; init; }

    /// <summary>Lowest priority fee to offer, in wei.</summary>
    public BigInteger MinPriorityFeePerGas { get; init; } = BigInteger.One;

    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a sent transaction may be unknown to the node before it counts as dropped.</summary>
    public TimeSpan DroppedAfter { get; init; } = TimeSpan.FromSeconds(30);
}
