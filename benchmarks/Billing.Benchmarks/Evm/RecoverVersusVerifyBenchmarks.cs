using BenchmarkDotNet.Attributes;
using Billing.Evm;

namespace Billing.Benchmarks.Evm;

/// <summary>
/// Where a voucher's signer recovery spends its time, and whether verifying against the channel's public key, cached
/// after the first voucher, would be cheaper. Recovery = parse r‖s‖v, recover the public key (the elliptic-curve
/// work), serialize it, Keccak-256 it into an address; <see cref="RecoverToAddress"/> is what <c>Billing.Evm</c> runs.
/// </summary>
/// <remarks>
/// Only a measurement: a plain verify never looks at v, the recovery id, while the contract recovers the signer with
/// ecrecover using v. A voucher with the wrong v would pass a verify-only check and fail on chain, so the hot path keeps
/// recovering.
/// </remarks>
[MemoryDiagnoser]
public class RecoverVersusVerifyBenchmarks : IDisposable
{
    private static readonly UInt128 MaxClaimable = 2_000;

    private readonly byte[] _recoverable = new byte[LibSecp256k1Calls.RecoverableSignatureSize];
    private readonly byte[] _plainSignature = new byte[LibSecp256k1Calls.SignatureSize];
    private readonly byte[] _publicKey = new byte[LibSecp256k1Calls.PublicKeySize];
    private readonly byte[] _uncompressed = new byte[65];
    private readonly byte[] _scratchKey = new byte[LibSecp256k1Calls.PublicKeySize];
    private readonly byte[] _scratchSignature = new byte[LibSecp256k1Calls.RecoverableSignatureSize];
    private BenchmarkChannel _channel = null!;
    private LibSecp256k1Calls _library = null!;
    private ISecp256k1 _native = null!;
    private byte[] _digest = [];
    private byte[] _signature = [];
    private Address _signer;

    [GlobalSetup]
    public void Setup()
    {
        _native = NativeCurve.Require();
        _library = LibSecp256k1Calls.Load();
        _channel = new BenchmarkChannel();
        _digest = _channel.Domain.VoucherDigest(_channel.Id, MaxClaimable).ToArray();
        _signature = _native.Sign(_digest, _channel.Authorizer);
        _signer = _channel.Authorizer.Address;

        var rs = _signature.AsSpan(0, 64);
        if (!_library.ParseRecoverable(rs, _signature[64] - 27, _recoverable)
            || !_library.Recover(_recoverable, _digest, _publicKey)
            || !_library.ParseSignature(rs, _plainSignature))
        {
            throw new InvalidOperationException("libsecp256k1 refused the benchmark signature.");
        }

        _library.SerializeUncompressed(_publicKey, _uncompressed);

        // Every path must reach the same answer, or the comparison would time an early exit.
        if (!_native.TryRecover(_digest, _signature, out var recovered) || recovered != _signer
            || new Address(Keccak256.Hash(_uncompressed.AsSpan(1)).AsSpan()[12..]) != _signer
            || !VerifyCachedKey() || !VerifyParsingKey())
        {
            throw new InvalidOperationException("Recovery and verification disagree on the benchmark signature.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _channel?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The hot path today: <c>Secp256k1.Native.TryRecover</c> and the address comparison.</summary>
    [Benchmark(Baseline = true)]
    public bool RecoverToAddress() => _native.TryRecover(_digest, _signature, out var signer) && signer == _signer;

    /// <summary>Parse r‖s‖v + secp256k1_ecdsa_recover only: the curve work of a recovery.</summary>
    [Benchmark]
    public bool RecoverPublicKeyOnly() =>
        _library.ParseRecoverable(_signature.AsSpan(0, 64), _signature[64] - 27, _scratchSignature)
        && _library.Recover(_scratchSignature, _digest, _scratchKey);

    /// <summary>What a recovery adds after the curve work: serialize the key and hash it into an address.</summary>
    [Benchmark]
    public Address PublicKeyToAddress()
    {
        Span<byte> uncompressed = stackalloc byte[65];
        _library.SerializeUncompressed(_publicKey, uncompressed);
        return new Address(Keccak256.Hash(uncompressed[1..]).AsSpan()[12..]);
    }

    /// <summary>Parse r‖s + secp256k1_ecdsa_verify against the channel's public key already parsed and cached.</summary>
    [Benchmark]
    public bool VerifyCachedKey() =>
        _library.ParseSignature(_signature.AsSpan(0, 64), _scratchSignature) && _library.Verify(_scratchSignature, _digest, _publicKey);

    /// <summary>The same, with the key cached as its 65 bytes and parsed on every call.</summary>
    [Benchmark]
    public bool VerifyParsingKey() =>
        _library.ParsePublicKey(_uncompressed, _scratchKey)
        && _library.ParseSignature(_signature.AsSpan(0, 64), _scratchSignature)
        && _library.Verify(_scratchSignature, _digest, _scratchKey);
}
