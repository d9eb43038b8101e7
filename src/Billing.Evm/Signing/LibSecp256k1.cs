using System.Reflection;
using System.Runtime.InteropServices;

namespace Billing.Evm;

/// <summary>
/// The subset of the libsecp256k1 C API we call (secp256k1.h and secp256k1_recovery.h). All arguments are raw pointers
/// to caller-owned buffers, so the generated stubs do no marshalling at all.
/// </summary>
internal static unsafe partial class LibSecp256k1
{
    public const string LibraryName = "libsecp256k1";

    // SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY: deprecated but accepted by 0.2+, and required by older builds.
    public const uint ContextSignVerify = 0x0301;
    public const uint EcUncompressed = 0x0002;

    /// <summary>Opaque struct sizes from the headers: secp256k1_pubkey and secp256k1_ecdsa_recoverable_signature.</summary>
    public const int PublicKeyStructSize = 64;
    public const int RecoverableSignatureStructSize = 65;

    // Sonames Debian and other distributions ship, newest ABI first, then the unversioned development names.
    private static readonly string[] CandidateNames =
    [
        "libsecp256k1.so.2", "libsecp256k1.so.1", "libsecp256k1.so.0", "libsecp256k1.so", "libsecp256k1.dylib", "secp256k1",
    ];

    private static string? _loadedFrom;

    static LibSecp256k1()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibSecp256k1).Assembly, Resolve);
    }

    /// <summary>The file name the resolver loaded, or null while nothing has been loaded.</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>Forces the type initializer (and so the resolver registration) to run.</summary>
    public static void EnsureResolver()
    {
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in CandidateNames)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                _loadedFrom = candidate;
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [LibraryImport(LibraryName)]
    public static partial IntPtr secp256k1_context_create(uint flags);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_context_randomize(IntPtr context, byte* seed32);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_ec_seckey_verify(IntPtr context, byte* secretKey);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_ec_pubkey_create(IntPtr context, byte* publicKey, byte* secretKey);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_ec_pubkey_serialize(IntPtr context, byte* output, nuint* outputLength, byte* publicKey, uint flags);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_ecdsa_sign_recoverable(
        IntPtr context, byte* signature, byte* messageHash32, byte* secretKey, IntPtr nonceFunction, IntPtr nonceData);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_ecdsa_recoverable_signature_serialize_compact(
        IntPtr context, byte* output64, int* recoveryId, byte* signature);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_ecdsa_recoverable_signature_parse_compact(
        IntPtr context, byte* signature, byte* input64, int recoveryId);

    [LibraryImport(LibraryName)]
    public static partial int secp256k1_ecdsa_recover(IntPtr context, byte* publicKey, byte* signature, byte* messageHash32);
}
