using System.Numerics;

namespace Billing.Evm.Rpc;

/// <summary>The transaction object of <c>eth_call</c> / <c>eth_estimateGas</c>.</summary>
public sealed record CallRequest
{
    public Address? From { get; init; }

    public Address? To { get; init; }

    public byte[] Data { get; init; } = [];

    public BigInteger Value { get; init; }

    public ulong? Gas { get; init; }
}
