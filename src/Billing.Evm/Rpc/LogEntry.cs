using Billing.Evm.Abi;

namespace Billing.Evm.Rpc;

/// <summary>A log as <c>eth_getLogs</c> and receipts return it. Block fields are null for pending logs.</summary>
public sealed record LogEntry(
    Address Address,
    IReadOnlyList<Hash32> Topics,
    byte[] Data,
    ulong? BlockNumber,
    Hash32? BlockHash,
    Hash32? TransactionHash,
    ulong? TransactionIndex,
    ulong? LogIndex,
    bool Removed)
{
    public bool Is(AbiEvent abiEvent)
    {
        ArgumentNullException.ThrowIfNull(abiEvent);
        return abiEvent.Matches(Topics);
    }

    public DecodedEvent Decode(AbiEvent abiEvent)
    {
        ArgumentNullException.ThrowIfNull(abiEvent);
        return abiEvent.Decode(Topics, Data);
    }
}
