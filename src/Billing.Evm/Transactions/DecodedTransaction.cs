using System.Numerics;

namespace Billing.Evm.Transactions;

/// <summary>A raw signed transaction taken apart: type 0 (legacy, with or without EIP-155), 1 (EIP-2930) or 2 (EIP-1559).</summary>
public sealed record DecodedTransaction
{
    public required byte Type { get; init; }

    /// <summary>Null only for a pre-EIP-155 legacy transaction, which can be replayed on any chain.</summary>
    public required ulong? ChainId { get; init; }

    public required ulong Nonce { get; init; }

    /// <summary>Types 0 and 1.</summary>
    public BigInteger? GasPrice { get; init; }

    /// <summary>Type 2.</summary>
    public BigInteger? MaxPriorityFeePerGas { get; init; }

    /// <summary>Type 2.</summary>
    public BigInteger? MaxFeePerGas { get; init; }

    public required ulong GasLimit { get; init; }

    /// <summary>Null for contract creation.</summary>
    public required Address? To { get; init; }

    public required BigInteger Value { get; init; }

    public required byte[] Data { get; init; }

    public required IReadOnlyList<AccessListEntry> AccessList { get; init; }

    public required byte YParity { get; init; }

    public required byte[] R { get; init; }

    public required byte[] S { get; init; }

    /// <summary>keccak256 of the raw bytes, the id nodes and explorers use.</summary>
    public required Hash32 Hash { get; init; }

    /// <summary>The digest the sender signed.</summary>
    public required Hash32 SigningHash { get; init; }

    /// <summary>r ‖ s ‖ (27 + yParity).</summary>
    public byte[] Signature() => [.. R, .. S, (byte)(27 + YParity)];

    /// <summary>The sender; false when the signature does not recover (e.g. high s).</summary>
    public bool TryRecoverSender(ISecp256k1 curve, out Address sender)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return curve.TryRecover(SigningHash.AsSpan(), Signature(), out sender);
    }
}
