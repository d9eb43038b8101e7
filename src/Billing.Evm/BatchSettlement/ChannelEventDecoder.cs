using System.Numerics;
using Billing.Evm.Rpc;

namespace Billing.Evm.BatchSettlement;

/// <summary>Turns raw logs of the settlement contract into <see cref="ChannelEvent"/>s.</summary>
public static class ChannelEventDecoder
{
    /// <summary>Decodes a log if it is one of the contract's events; returns null for any other log.</summary>
    public static ChannelEvent? TryDecode(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Topics.Count == 0)
        {
            return null;
        }

        var topic = log.Topics[0];
        foreach (var abiEvent in BatchSettlementAbi.Events)
        {
            if (abiEvent.Topic != topic)
            {
                continue;
            }

            var e = log.Decode(abiEvent);
            return abiEvent.Name switch
            {
                "ChannelCreated" => new ChannelCreatedEvent(log, Id(e[0]), ChannelConfig.FromAbiTuple((object?[])e[1]!)),
                "ChannelClosed" => new ChannelClosedEvent(log, Id(e[0]), ChannelConfig.FromAbiTuple((object?[])e[1]!)),
                "Deposited" => new DepositedEvent(log, Id(e[0]), (Address)e[1]!, U128(e[2]), U128(e[3])),
                "Claimed" => new ClaimedEvent(log, Id(e[0]), (Address)e[1]!, U128(e[2]), U128(e[3])),
                "Settled" => new SettledEvent(log, (Address)e[0]!, (Address)e[1]!, (Address)e[2]!, U128(e[3])),
                "Refunded" => new RefundedEvent(log, Id(e[0]), (Address)e[1]!, U128(e[2])),
                "WithdrawInitiated" => new WithdrawInitiatedEvent(log, Id(e[0]), U128(e[1]), (ulong)(BigInteger)e[2]!),
                _ => new WithdrawFinalizedEvent(log, Id(e[0]), (Address)e[1]!, U128(e[2])),
            };
        }

        return null;
    }

    private static Hash32 Id(object? value) => new((byte[])value!);

    private static UInt128 U128(object? value) => (UInt128)(BigInteger)value!;
}
