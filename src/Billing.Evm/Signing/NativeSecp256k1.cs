using System.Security.Cryptography;

namespace Billing.Evm;

/// <summary>
/// secp256k1 through the native libsecp256k1. One context per process, created and randomized once (side-channel
/// blinding) and never destroyed; libsecp256k1 allows concurrent use of a context for signing and recovery.
/// </summary>
public sealed unsafe class NativeSecp256k1 : ISecp256k1
{
    private readonly IntPtr _context;

    private NativeSecp256k1(IntPtr context, string libraryFile)
    {
        _context = context;
        Name = $"native libsecp256k1 ({libraryFile})";
    }

    public string Name { get; }

    /// <summary>
    /// Loads libsecp256k1 and creates the process-wide context. Returns null, with the reason, when the library is missing
    /// or fails the known-answer check.
    /// </summary>
    internal static NativeSecp256k1? TryLoad(out string? failure)
    {
        try
        {
            LibSecp256k1.EnsureResolver();
            var context = LibSecp256k1.secp256k1_context_create(LibSecp256k1.ContextSignVerify);
            if (context == IntPtr.Zero)
            {
                failure = "secp256k1_context_create returned null";
                return null;
            }

            Span<byte> seed = stackalloc byte[32];
            RandomNumberGenerator.Fill(seed);
            fixed (byte* seedPtr = seed)
            {
                if (LibSecp256k1.secp256k1_context_randomize(context, seedPtr) != 1)
                {
                    failure = "secp256k1_context_randomize failed";
                    return null;
                }
            }

            var native = new NativeSecp256k1(context, LibSecp256k1.LoadedFrom ?? LibSecp256k1.LibraryName);
            failure = KnownAnswer.Check(native);
            return failure is null ? native : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            failure = ex.Message;
            return null;
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> hash32, PrivateKey key)
    {
        var signature = new byte[RecoverableSignature.Length];
        Sign(hash32, key, signature);
        return signature;
    }

    public void Sign(ReadOnlySpan<byte> hash32, PrivateKey key, Span<byte> signature65)
    {
        ArgumentNullException.ThrowIfNull(key);
        RequireDigest(hash32);
        if (signature65.Length < RecoverableSignature.Length)
        {
            throw new ArgumentException("The signature span must hold 65 bytes.", nameof(signature65));
        }

        var secret = key.Secret;
        byte* opaque = stackalloc byte[LibSecp256k1.RecoverableSignatureStructSize];
        int recoveryId;
        fixed (byte* hashPtr = hash32)
        fixed (byte* secretPtr = secret)
        fixed (byte* outPtr = signature65)
        {
            // A null nonce function selects the library's RFC 6979 default; its output is always low-s.
            if (LibSecp256k1.secp256k1_ecdsa_sign_recoverable(_context, opaque, hashPtr, secretPtr, IntPtr.Zero, IntPtr.Zero) != 1)
            {
                throw new CryptographicException("libsecp256k1 refused to sign.");
            }

            LibSecp256k1.secp256k1_ecdsa_recoverable_signature_serialize_compact(_context, outPtr, &recoveryId, opaque);
        }

        signature65[64] = (byte)(27 + recoveryId);
    }

    public bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature, out Address signer)
    {
        signer = default;
        if (hash32.Length != Keccak256.HashSize)
        {
            return false;
        }

        Span<byte> rs = stackalloc byte[RecoverableSignature.CompactLength];
        var recoveryId = RecoverableSignature.TryNormalize(signature, rs);
        if (recoveryId < 0)
        {
            return false;
        }

        byte* opaque = stackalloc byte[LibSecp256k1.RecoverableSignatureStructSize];
        byte* publicKey = stackalloc byte[LibSecp256k1.PublicKeyStructSize];
        fixed (byte* rsPtr = rs)
        fixed (byte* hashPtr = hash32)
        {
            if (LibSecp256k1.secp256k1_ecdsa_recoverable_signature_parse_compact(_context, opaque, rsPtr, recoveryId) != 1
                || LibSecp256k1.secp256k1_ecdsa_recover(_context, publicKey, opaque, hashPtr) != 1)
            {
                return false;
            }
        }

        signer = ToAddress(publicKey);
        return true;
    }

    public Address DeriveAddress(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var secret = key.Secret;
        byte* publicKey = stackalloc byte[LibSecp256k1.PublicKeyStructSize];
        fixed (byte* secretPtr = secret)
        {
            if (LibSecp256k1.secp256k1_ec_pubkey_create(_context, publicKey, secretPtr) != 1)
            {
                throw new CryptographicException("libsecp256k1 rejected the private key.");
            }
        }

        return ToAddress(publicKey);
    }

    public override string ToString() => Name;

    private Address ToAddress(byte* publicKey)
    {
        byte* serialized = stackalloc byte[65];
        nuint length = 65;
        LibSecp256k1.secp256k1_ec_pubkey_serialize(_context, serialized, &length, publicKey, LibSecp256k1.EcUncompressed);
        return PublicKeyAddress.FromUncompressed(new ReadOnlySpan<byte>(serialized + 1, 64));
    }

    private static void RequireDigest(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != Keccak256.HashSize)
        {
            throw new ArgumentException("ECDSA signs a 32-byte digest.", nameof(hash32));
        }
    }
}
