using Billing.Evm;

namespace Billing.Client.Channels;

/// <summary>
/// The salt of the agent's channel number <c>lane</c> to one payee. Lane 0 keeps the configured salt (so one channel is
/// the same channel in either concurrency mode); lane i &gt; 0 uses keccak256(baseSalt ‖ uint256(i)). Deterministic, so an
/// agent that restarts finds its channels again.
/// </summary>
internal static class LaneSalt
{
    public static Hash32 For(Hash32 baseSalt, int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        if (lane == 0)
        {
            return baseSalt;
        }

        Span<byte> encoded = stackalloc byte[2 * Hash32.Size];
        encoded.Clear();
        baseSalt.CopyTo(encoded);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(encoded[^4..], lane);
        return Keccak256.Hash(encoded);
    }
}
