using BenchmarkDotNet.Attributes;
using Billing.Evm;

namespace Billing.Benchmarks.Evm;

/// <summary>
/// The EIP-712 voucher digest a channel grain computes for every paid request: the allocating <c>Hash32</c> form and
/// the span form the hot path is meant to use.
/// </summary>
[MemoryDiagnoser]
public class VoucherDigestBenchmarks : IDisposable
{
    private static readonly UInt128 MaxClaimable = 123_456_789;

    private readonly byte[] _digest = new byte[Keccak256.HashSize];
    private BenchmarkChannel _channel = null!;
    private byte[] _channelId = [];

    [GlobalSetup]
    public void Setup()
    {
        _channel = new BenchmarkChannel();
        _channelId = _channel.Id.ToArray();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _channel?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void WriteVoucherDigest() => _channel.Domain.WriteVoucherDigest(_channelId, MaxClaimable, _digest);

    [Benchmark]
    public Hash32 VoucherDigest() => _channel.Domain.VoucherDigest(_channel.Id, MaxClaimable);
}
