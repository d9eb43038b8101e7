using System.Runtime.InteropServices;

namespace Billing.Benchmarks.Evm;

/// <summary>
/// The libsecp256k1 entry points the EVM layer does not expose (plain ECDSA verify, public-key parsing) next to the
/// recovery ones it does, called directly so that recovery and verification can be timed step by step. Loaded from the
/// same sonames as <c>Billing.Evm</c>'s binding; one verify-capable context for the process.
/// </summary>
public sealed unsafe class LibSecp256k1Calls
{
    /// <summary>SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY, as Billing.Evm creates its context.</summary>
    private const uint ContextSignVerify = 0x0301;

    private static readonly string[] CandidateNames =
        ["libsecp256k1.so.2", "libsecp256k1.so.1", "libsecp256k1.so.0", "libsecp256k1.so", "libsecp256k1.dylib", "secp256k1"];

    private readonly IntPtr _context;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int, int> _parseRecoverable;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _recover;
    private readonly delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int> _serializePublicKey;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, nuint, int> _parsePublicKey;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _parseSignature;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _verify;

    private LibSecp256k1Calls(IntPtr library)
    {
        var create = (delegate* unmanaged<uint, IntPtr>)NativeLibrary.GetExport(library, "secp256k1_context_create");
        _context = create(ContextSignVerify);
        _parseRecoverable = (delegate* unmanaged<IntPtr, byte*, byte*, int, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recoverable_signature_parse_compact");
        _recover = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recover");
        _serializePublicKey = (delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_serialize");
        _parsePublicKey = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_parse");
        _parseSignature = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_parse_compact");
        _verify = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_verify");
    }

    /// <summary>Sizes of libsecp256k1's opaque structs (secp256k1_pubkey, secp256k1_ecdsa_signature, the recoverable one).</summary>
    public const int PublicKeySize = 64;
    public const int SignatureSize = 64;
    public const int RecoverableSignatureSize = 65;

    /// <exception cref="InvalidOperationException">libsecp256k1 is not installed: the benchmark would measure nothing.</exception>
    public static LibSecp256k1Calls Load()
    {
        foreach (var name in CandidateNames)
        {
            if (NativeLibrary.TryLoad(name, out var library))
            {
                return new LibSecp256k1Calls(library);
            }
        }

        throw new InvalidOperationException("libsecp256k1 could not be loaded: install the libsecp256k1-1 package.");
    }

    /// <summary>r‖s and recovery id into the recoverable struct (what every recovery starts with).</summary>
    public bool ParseRecoverable(ReadOnlySpan<byte> rs, int recoveryId, Span<byte> recoverable)
    {
        fixed (byte* output = recoverable)
        fixed (byte* input = rs)
        {
            return _parseRecoverable(_context, output, input, recoveryId) == 1;
        }
    }

    /// <summary>The public key (opaque struct) that signed <paramref name="digest"/>: the elliptic-curve work of a recovery.</summary>
    public bool Recover(ReadOnlySpan<byte> recoverable, ReadOnlySpan<byte> digest, Span<byte> publicKey)
    {
        fixed (byte* output = publicKey)
        fixed (byte* signature = recoverable)
        fixed (byte* hash = digest)
        {
            return _recover(_context, output, signature, hash) == 1;
        }
    }

    /// <summary>The 65-byte uncompressed encoding (0x04‖x‖y) whose last 64 bytes hash to the signer's address.</summary>
    public void SerializeUncompressed(ReadOnlySpan<byte> publicKey, Span<byte> uncompressed65)
    {
        nuint length = 65;
        fixed (byte* output = uncompressed65)
        fixed (byte* key = publicKey)
        {
            _serializePublicKey(_context, output, &length, key, 2);
        }
    }

    public bool ParsePublicKey(ReadOnlySpan<byte> encoded, Span<byte> publicKey)
    {
        fixed (byte* output = publicKey)
        fixed (byte* input = encoded)
        {
            return _parsePublicKey(_context, output, input, (nuint)encoded.Length) == 1;
        }
    }

    public bool ParseSignature(ReadOnlySpan<byte> rs, Span<byte> signature)
    {
        fixed (byte* output = signature)
        fixed (byte* input = rs)
        {
            return _parseSignature(_context, output, input) == 1;
        }
    }

    /// <summary>Plain ECDSA verification against a known key; it has no use for v, the recovery id.</summary>
    public bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> publicKey)
    {
        fixed (byte* sig = signature)
        fixed (byte* hash = digest)
        fixed (byte* key = publicKey)
        {
            return _verify(_context, sig, hash, key) == 1;
        }
    }
}
