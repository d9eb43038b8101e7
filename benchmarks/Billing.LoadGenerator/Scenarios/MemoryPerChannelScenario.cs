using System.Diagnostics;
using System.Globalization;
using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.LoadGenerator.Channels;
using Billing.LoadGenerator.Measurement;
using Billing.LoadGenerator.Memory;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// memory-per-channel: what an active channel grain costs in memory. One silo in this process; warm it with a first set
/// of channels, take the managed heap after a full blocking compacting GC, then activate N more channel grains, each in
/// the state of a channel in use (terms known, chain read, one voucher accepted, one charge committed), and take it again.
/// (after - before) / N is the figure; the process working set delta / N is reported beside it.
/// </summary>
public static class MemoryPerChannelScenario
{
    public const string Name = "memory-per-channel";

    private const int WarmChannels = 1_000;
    private const int BatchSize = 1_000;

    private static readonly UInt128 Deposit = 1_000_000_000;
    private static readonly UInt128 Price = 1_000;
    private static readonly Address Settlement = Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");

    public static async Task<ScenarioResult> RunAsync(LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var count = settings.MemoryChannels;
        log.WriteLine($"  {Name}: {count} channel grains in one silo, each with a voucher accepted and a charge committed");
        using var payer = LocalChain.Payer();
        var domain = new BatchSettlementDomain(31337, Settlement);
        var channels = BenchChannel.Create(
            domain, WarmChannels + count, payer.Address, LocalChain.Receiver(), LocalChain.Receiver(), Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), 900);

        await using var silo = await ChannelSilo.StartAsync(domain, Deposit, cancellationToken);
        var refused = await ChargeAsync(silo.Grains, domain, payer, channels.Take(WarmChannels).ToArray(), cancellationToken);
        var before = HeapSnapshot.Take();

        var started = Stopwatch.GetTimestamp();
        refused += await ChargeAsync(silo.Grains, domain, payer, channels.Skip(WarmChannels).ToArray(), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = HeapSnapshot.Take();
        GC.KeepAlive(channels);

        var perChannel = (double)(after.ManagedBytes - before.ManagedBytes) / count;
        var workingSetPerChannel = (double)(after.WorkingSetBytes - before.WorkingSetBytes) / count;
        log.WriteLine($"    {perChannel:F0} managed bytes per channel, working set {workingSetPerChannel:F0} bytes per channel, {refused} refused");
        var rate = count / elapsed.TotalSeconds;
        return new ScenarioResult(Name, rate, 0, 0, 0, refused)
        {
            Settings = string.Create(
                CultureInfo.InvariantCulture,
                $"{count} channel grains after {WarmChannels} warm-up ones, one silo, default channel options (strict durability), storage that keeps nothing, chain read answered in process; one payer for all channels; ops/s = channels activated and charged per second (Authorize + Commit, signature included)"),
            Details = new Dictionary<string, double>
            {
                ["channels"] = count,
                ["managed_bytes_per_channel"] = Math.Round(perChannel),
                ["working_set_bytes_per_channel"] = Math.Round(workingSetPerChannel),
                ["managed_heap_before_bytes"] = before.ManagedBytes,
                ["managed_heap_after_bytes"] = after.ManagedBytes,
                ["working_set_before_bytes"] = before.WorkingSetBytes,
                ["working_set_after_bytes"] = after.WorkingSetBytes,
            },
        };
    }

    /// <summary>Authorize + Commit one first voucher on each channel, a batch at a time; returns how many were refused.</summary>
    private static async Task<long> ChargeAsync(
        IGrainFactory grains, BatchSettlementDomain domain, PrivateKey payer, IReadOnlyList<BenchChannel> channels, CancellationToken cancellationToken)
    {
        long refused = 0;
        for (var offset = 0; offset < channels.Count; offset += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = channels.Skip(offset).Take(BatchSize).ToArray();
            var signatures = new byte[batch.Length][];
            Parallel.For(0, batch.Length, i => signatures[i] = Secp256k1.Default.Sign(domain.VoucherDigest(batch[i].Id, Price).AsSpan(), payer));
            var decisions = await Task.WhenAll(batch.Select(async (channel, i) =>
            {
                var grain = grains.GetGrain<IChannelGrain>(channel.Id.ToString());
                var requestId = Guid.NewGuid().ToString("N");
                var authorized = await grain.Authorize(new VoucherPresentation(requestId, channel.ToMessage(), Price, signatures[i], Price));
                return authorized.Succeeded ? await grain.Commit(requestId, Price) : authorized;
            }));
            refused += decisions.Count(d => !d.Succeeded);
        }

        return refused;
    }
}
