using System.Security.Cryptography;

namespace Billing.Evm;

/// <summary>
/// A secp256k1 private key. The scalar lives in a pinned array (so the GC never leaves copies behind), is zeroed on
/// dispose, and is readable only inside this assembly. <see cref="ToString"/> shows the address, never the key.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    public const int Size = 32;

    private readonly byte[] _secret;
    private readonly Lazy<Address> _address;
    private bool _disposed;

    private PrivateKey(ReadOnlySpan<byte> secret)
    {
        _secret = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
        secret.CopyTo(_secret);
        _address = new Lazy<Address>(() => Secp256k1.Default.DeriveAddress(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The account this key controls.</summary>
    public Address Address => _address.Value;

    /// <summary>The raw scalar, for the signers in this assembly only.</summary>
    internal ReadOnlySpan<byte> Secret
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secret;
        }
    }

    /// <summary>Parses 64 hex digits with an optional 0x prefix. The exception message never repeats the input.</summary>
    public static PrivateKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        Span<byte> secret = stackalloc byte[Size];
        try
        {
            if (!Hex.TryDecode(hex.AsSpan().Trim(), secret))
            {
                throw new ArgumentException("A private key is 64 hex digits with an optional 0x prefix.", nameof(hex));
            }

            return FromBytes(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public static PrivateKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != Size || !CurveOrder.IsValidScalar(secret))
        {
            throw new ArgumentException("A private key is a 32-byte scalar in [1, n-1] of secp256k1.", nameof(secret));
        }

        return new PrivateKey(secret);
    }

    public static PrivateKey Generate()
    {
        Span<byte> secret = stackalloc byte[Size];
        try
        {
            do
            {
                RandomNumberGenerator.Fill(secret);
            }
            while (!CurveOrder.IsValidScalar(secret));

            return new PrivateKey(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public override string ToString() => _disposed ? "PrivateKey(disposed)" : $"PrivateKey({Address}, secret redacted)";

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_secret);
            _disposed = true;
        }
    }
}
