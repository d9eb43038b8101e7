namespace Billing.Evm;

/// <summary>An account address is the last 20 bytes of keccak256 over the 64-byte uncompressed public key (x‖y).</summary>
internal static class PublicKeyAddress
{
    public static Address FromUncompressed(ReadOnlySpan<byte> xy)
    {
        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(xy, hash);
        return new Address(hash[12..]);
    }
}
