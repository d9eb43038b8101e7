namespace Billing.Evm.BatchSettlement;

/// <summary>
/// The contract's <c>ChannelConfig</c> struct. Its EIP-712 hash is the channel id. <see cref="WithdrawDelay"/> is a
/// <c>uint40</c> in seconds on chain.
/// </summary>
public sealed record ChannelConfig(
    Address Payer,
    Address PayerAuthorizer,
    Address Receiver,
    Address ReceiverAuthorizer,
    Address Token,
    ulong WithdrawDelay,
    Hash32 Salt)
{
    /// <summary>The largest value a <c>uint40</c> holds.</summary>
    public const ulong MaxWithdrawDelay = (1UL << 40) - 1;

    /// <summary>Values in ABI tuple order, for the ABI encoder.</summary>
    internal object?[] ToAbiTuple()
    {
        if (WithdrawDelay > MaxWithdrawDelay)
        {
            throw new OverflowException("withdrawDelay is a uint40.");
        }

        return [Payer, PayerAuthorizer, Receiver, ReceiverAuthorizer, Token, WithdrawDelay, Salt];
    }

    internal static ChannelConfig FromAbiTuple(object?[] values) => new(
        (Address)values[0]!,
        (Address)values[1]!,
        (Address)values[2]!,
        (Address)values[3]!,
        (Address)values[4]!,
        (ulong)(System.Numerics.BigInteger)values[5]!,
        new Hash32((byte[])values[6]!));
}
