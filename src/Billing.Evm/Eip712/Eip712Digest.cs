namespace Billing.Evm.Eip712;

/// <summary>The final EIP-712 step shared by the typed and the JSON paths.</summary>
internal static class Eip712Digest
{
    public static void Write(ReadOnlySpan<byte> separator, ReadOnlySpan<byte> structHash, Span<byte> digest32)
    {
        Span<byte> message = stackalloc byte[2 + (2 * Keccak256.HashSize)];
        message[0] = 0x19;
        message[1] = 0x01;
        separator.CopyTo(message[2..]);
        structHash.CopyTo(message[34..]);
        Keccak256.Hash(message, digest32);
    }
}
