using Billing.Evm.Abi;

namespace Billing.Evm.Rpc;

/// <summary>An <c>eth_call</c> or <c>eth_estimateGas</c> reverted; <see cref="Reason"/> holds the decoded revert data.</summary>
public sealed class EvmRevertException : Exception
{
    public EvmRevertException()
        : this(RevertReason.Decode([]))
    {
    }

    public EvmRevertException(string message)
        : base(message)
    {
        Reason = RevertReason.Decode([]);
    }

    public EvmRevertException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = RevertReason.Decode([]);
    }

    public EvmRevertException(RevertReason reason, Exception? innerException = null)
        : base($"execution reverted: {reason?.Message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Reason = reason;
    }

    public RevertReason Reason { get; }

    /// <summary>The raw revert data.</summary>
    public byte[] RevertData => Reason.Data;

    /// <summary>The 4-byte selector as 0x hex, when the data has one.</summary>
    public string? Selector => Reason.Selector;
}
