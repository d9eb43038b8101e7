namespace Billing.Evm;

/// <summary>ECDSA over secp256k1 the way Ethereum uses it: RFC 6979 nonces, low-s, r‖s‖v signatures.</summary>
public interface ISecp256k1
{
    /// <summary>Which implementation this is, for start-up logs.</summary>
    string Name { get; }

    /// <summary>Signs a 32-byte digest: 65 bytes r‖s‖v with v = 27 or 28, s in the lower half of the order.</summary>
    byte[] Sign(ReadOnlySpan<byte> hash32, PrivateKey key);

    /// <summary>Allocation-free form of <see cref="Sign(ReadOnlySpan{byte}, PrivateKey)"/>.</summary>
    void Sign(ReadOnlySpan<byte> hash32, PrivateKey key, Span<byte> signature65);

    /// <summary>
    /// Recovers the signer of a 32-byte digest from a 65-byte r‖s‖v (v ∈ {0, 1, 27, 28}) or a 64-byte EIP-2098 compact
    /// signature. Returns false, never throws, for any malformed, high-s or unrecoverable signature.
    /// </summary>
    bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature, out Address signer);

    /// <summary>The address of the public key that belongs to <paramref name="key"/>.</summary>
    Address DeriveAddress(PrivateKey key);
}
