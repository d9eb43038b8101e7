using BenchmarkDotNet.Attributes;
using Billing.Evm;
using Billing.Evm.BatchSettlement;

namespace Billing.Benchmarks.Evm;

/// <summary>
/// Calldata of one settlement transaction: <c>claim</c> with 100 rows, each a distinct channel with a real voucher
/// signature. Runs off the request path, once per settlement batch.
/// </summary>
[MemoryDiagnoser]
public class ClaimEncodingBenchmarks
{
    public const int Rows = 100;

    private VoucherClaim[] _claims = [];

    [GlobalSetup]
    public void Setup()
    {
        var curve = Secp256k1.Native ?? Secp256k1.Managed;
        _claims = new VoucherClaim[Rows];
        for (var i = 0; i < Rows; i++)
        {
            using var channel = new BenchmarkChannel(salt: i);
            var maxClaimable = (UInt128)(1_000_000 + (i * 1_000));
            _claims[i] = new VoucherClaim(channel.Config, maxClaimable, channel.SignVoucher(curve, maxClaimable), maxClaimable - 250);
        }

        // Goes to the benchmark log, so the allocation can be set against the size of what is produced.
        Console.WriteLine($"// claim calldata for {Rows} rows: {EncodeClaim().Length} bytes");
    }

    [Benchmark]
    public byte[] EncodeClaim() => BatchSettlementContract.EncodeClaim(_claims);
}
