using System.Text.Json.Serialization;

namespace Billing.LoadGenerator.Measurement;

/// <summary>
/// What the .NET runtime did during one phase, in the process that ran it (the load generator and, for our scenarios,
/// the server too): time the GC paused every thread, collections per generation, bytes allocated per operation, lock
/// contentions, the thread pool's size at the end, the process's CPU time per operation and how busy the machine's cores
/// were. It tells a latency tail from a stop-the-world pause, allocation pressure or a starved pool, and says when the
/// cores, not the code's waits, are what bounds throughput: at C µs of CPU per operation, N cores carry at most
/// N × 1,000,000 / C operations a second.
/// </summary>
public sealed record RuntimeActivity(
    [property: JsonPropertyName("gc_pause_ms")] double GcPauseMilliseconds,
    [property: JsonPropertyName("gen0")] int Gen0Collections,
    [property: JsonPropertyName("gen1")] int Gen1Collections,
    [property: JsonPropertyName("gen2")] int Gen2Collections,
    [property: JsonPropertyName("allocated_bytes_per_op")] double? AllocatedBytesPerOperation,
    [property: JsonPropertyName("lock_contentions")] long LockContentions,
    [property: JsonPropertyName("pool_threads")] int PoolThreads,
    [property: JsonPropertyName("cpu_us_per_op")] double? CpuMicrosecondsPerOperation,
    [property: JsonPropertyName("machine_cpu_busy")] double? MachineCpuBusy)
{
    public static Mark Start() => new(
        GC.GetTotalPauseDuration(),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        // Precise: the cheap figure lags by whatever the threads' allocation contexts hold, and read 0 for whole phases.
        GC.GetTotalAllocatedBytes(precise: true),
        Monitor.LockContentionCount,
        Environment.CpuUsage.TotalTime,
        MachineCpu.Read());

    public static RuntimeActivity Since(Mark start, long operations)
    {
        ArgumentNullException.ThrowIfNull(start);
        var end = Start();
        return new RuntimeActivity(
            (end.Paused - start.Paused).TotalMilliseconds,
            end.Gen0 - start.Gen0,
            end.Gen1 - start.Gen1,
            end.Gen2 - start.Gen2,
            // The runtime's total can go down when pool threads exit (their allocation contexts leave it): unknown then.
            end.Allocated >= start.Allocated ? (end.Allocated - start.Allocated) / (double)Math.Max(operations, 1) : null,
            end.LockContentions - start.LockContentions,
            ThreadPool.ThreadCount,
            operations > 0 ? (end.Cpu - start.Cpu).TotalMicroseconds / operations : null,
            MachineCpu.BusyBetween(start.Machine, end.Machine));
    }

    public override string ToString() =>
        $"GC paused {GcPauseMilliseconds:F0} ms (gen0 {Gen0Collections}, gen1 {Gen1Collections}, gen2 {Gen2Collections}), " +
        $"{(AllocatedBytesPerOperation is { } bytes ? $"{bytes / 1024:F1} KiB" : "n/a")} allocated/op, {LockContentions} lock contentions, {PoolThreads} pool threads, " +
        $"{(CpuMicrosecondsPerOperation is { } cpu ? $"{cpu:F0} µs" : "n/a")} CPU/op, cores {(MachineCpuBusy is { } busy ? $"{busy:P0}" : "n/a")} busy";

    public sealed record Mark(TimeSpan Paused, int Gen0, int Gen1, int Gen2, long Allocated, long LockContentions, TimeSpan Cpu, MachineCpu.Sample? Machine);
}
