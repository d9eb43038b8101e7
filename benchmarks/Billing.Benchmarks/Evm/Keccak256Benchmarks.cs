using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Billing.Evm;
using Org.BouncyCastle.Crypto.Digests;

namespace Billing.Benchmarks.Evm;

/// <summary>
/// Keccak-256 into a caller's span: 32 bytes (one word), 64 bytes (a public key, the voucher's struct hash input is 96)
/// and 256 bytes (two sponge blocks). Must allocate nothing. Two references put the number in context: BouncyCastle's
/// managed Keccak, and OpenSSL's SHA3-256 through .NET, which runs the same Keccak-f[1600] permutation at the same
/// 136-byte rate and differs only in padding.
/// </summary>
[MemoryDiagnoser]
public class Keccak256Benchmarks
{
    private readonly byte[] _digest = new byte[Keccak256.HashSize];
    private readonly KeccakDigest _bouncyCastle = new(256);
    private byte[] _input = [];

    [Params(32, 64, 256)]
    public int InputBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = new byte[InputBytes];
        for (var i = 0; i < _input.Length; i++)
        {
            _input[i] = unchecked((byte)((i * 131) + 7));
        }

        var ours = new byte[Keccak256.HashSize];
        Keccak256.Hash(_input, ours);
        _bouncyCastle.BlockUpdate(_input, 0, _input.Length);
        _bouncyCastle.DoFinal(_digest, 0);
        if (!ours.AsSpan().SequenceEqual(_digest))
        {
            throw new InvalidOperationException("Our Keccak-256 and BouncyCastle's disagree; the comparison would be meaningless.");
        }

        if (!SHA3_256.IsSupported)
        {
            throw new InvalidOperationException("This platform's crypto library has no SHA3-256 to compare with.");
        }
    }

    [Benchmark(Baseline = true)]
    public byte HashIntoSpan()
    {
        Keccak256.Hash(_input, _digest);
        return _digest[0];
    }

    [Benchmark]
    public byte BouncyCastleKeccak()
    {
        _bouncyCastle.BlockUpdate(_input, 0, _input.Length);
        _bouncyCastle.DoFinal(_digest, 0);
        return _digest[0];
    }

    [Benchmark]
    public int OpenSslSha3() => SHA3_256.HashData(_input, _digest);
}
