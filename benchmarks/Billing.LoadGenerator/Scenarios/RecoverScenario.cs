using System.Diagnostics;
using Billing.Evm;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// recover-native / recover-managed: the signer recovery every voucher costs, in a tight single-threaded loop over
/// distinct vouchers (digest + recovery + comparison with the expected signer), each call timed.
/// </summary>
public static class RecoverScenario
{
    private const int DistinctVouchers = 256;

    public static ScenarioResult Run(string name, ISecp256k1? curve, TimeSpan duration)
    {
        if (curve is null)
        {
            return ScenarioResult.Unavailable(name, "libsecp256k1 could not be loaded on this machine (install libsecp256k1-1)");
        }

        using var payer = PrivateKey.Generate();
        var domain = new Billing.Evm.BatchSettlement.BatchSettlementDomain(31337, Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003"));
        var channel = BenchChannel.Create(domain, 1, payer.Address, payer.Address, payer.Address, payer.Address, 900)[0];
        var vouchers = Enumerable.Range(1, DistinctVouchers)
            .Select(i => (Amount: (UInt128)i * 1_000, Signature: curve.Sign(domain.VoucherDigest(channel.Id, (UInt128)i * 1_000).AsSpan(), payer)))
            .ToArray();

        var latencies = new LatencyHistogram();
        long errors = 0;
        Span<byte> digest = stackalloc byte[Keccak256.HashSize];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
        {
            var (amount, signature) = vouchers[i % DistinctVouchers];
            var before = Stopwatch.GetTimestamp();
            domain.WriteVoucherDigest(channel.Id.AsSpan(), amount, digest);
            var recovered = curve.TryRecover(digest, signature, out var signer) && signer == payer.Address;
            latencies.RecordTicks(Stopwatch.GetTimestamp() - before);
            if (!recovered)
            {
                errors++;
            }
        }

        var point = LoadPoint.From(latencies, errors, Stopwatch.GetElapsedTime(started));
        return new ScenarioResult(name, point.OpsPerSecond, point.P50Microseconds, point.P99Microseconds, point.P999Microseconds, errors)
        {
            Settings = $"{curve.Name}, 1 thread, {duration.TotalSeconds:0} s, voucher digest + recovery + signer comparison",
            Phases = [point],
        };
    }
}
