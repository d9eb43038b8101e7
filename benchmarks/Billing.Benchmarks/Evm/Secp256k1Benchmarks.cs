using BenchmarkDotNet.Attributes;
using Billing.Evm;

namespace Billing.Benchmarks.Evm;

/// <summary>
/// Signer recovery of a voucher signature, native libsecp256k1 against the managed BouncyCastle fallback. The EVM layer
/// exposes no separate verify: a voucher is verified by recovering its signer and comparing it with the channel's payer
/// authorizer, which <see cref="NativeVerifyVoucher"/> measures end to end (digest, recovery, comparison). Signing is
/// what the agent SDK pays per request.
/// </summary>
[MemoryDiagnoser]
public class Secp256k1Benchmarks : IDisposable
{
    private static readonly UInt128 MaxClaimable = 2_000;

    private readonly byte[] _signatureOut = new byte[65];
    private BenchmarkChannel _channel = null!;
    private ISecp256k1 _native = null!;
    private ISecp256k1 _managed = null!;
    private byte[] _digest = [];
    private byte[] _signature = [];
    private Address _expectedSigner;

    [GlobalSetup]
    public void Setup()
    {
        _native = NativeCurve.Require();
        _managed = Secp256k1.Managed;
        _channel = new BenchmarkChannel();
        _digest = _channel.Domain.VoucherDigest(_channel.Id, MaxClaimable).ToArray();
        _signature = _native.Sign(_digest, _channel.Authorizer);
        _expectedSigner = _channel.Authorizer.Address;

        // A benchmark of a failing recovery would measure the early exit, not the curve arithmetic.
        if (!_native.TryRecover(_digest, _signature, out var nativeSigner) || nativeSigner != _expectedSigner
            || !_managed.TryRecover(_digest, _signature, out var managedSigner) || managedSigner != _expectedSigner)
        {
            throw new InvalidOperationException("The benchmark signature does not recover to its signer.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _channel?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public Address NativeRecover()
    {
        _native.TryRecover(_digest, _signature, out var signer);
        return signer;
    }

    [Benchmark]
    public Address ManagedRecover()
    {
        _managed.TryRecover(_digest, _signature, out var signer);
        return signer;
    }

    [Benchmark]
    public bool NativeVerifyVoucher()
    {
        Span<byte> digest = stackalloc byte[Keccak256.HashSize];
        _channel.Domain.WriteVoucherDigest(_channel.Id.AsSpan(), MaxClaimable, digest);
        return _native.TryRecover(digest, _signature, out var signer) && signer == _expectedSigner;
    }

    [Benchmark]
    public byte NativeSign()
    {
        _native.Sign(_digest, _channel.Authorizer, _signatureOut);
        return _signatureOut[64];
    }

    [Benchmark]
    public byte ManagedSign()
    {
        _managed.Sign(_digest, _channel.Authorizer, _signatureOut);
        return _signatureOut[64];
    }
}
