using System.Numerics;

namespace Billing.Evm.Rpc;

/// <summary>What to send. Gas limit and fees are filled in by <see cref="TransactionSender"/> when left null.</summary>
public sealed record TransactionRequest(Address? To, byte[] Data)
{
    public BigInteger Value { get; init; }

    public ulong? GasLimit { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }

    public BigInteger? MaxPriorityFeePerGas { get; init; }
}
