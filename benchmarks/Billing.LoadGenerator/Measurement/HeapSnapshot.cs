using System.Diagnostics;

namespace Billing.LoadGenerator.Measurement;

/// <summary>Live managed bytes after full, blocking, compacting collections, and the process working set at that moment.</summary>
public readonly record struct HeapSnapshot(long ManagedBytes, long WorkingSetBytes)
{
    public static HeapSnapshot Take()
    {
        // Twice, with finalizers run between: objects a finalizer releases are collected by the second pass.
        for (var pass = 0; pass < 2; pass++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return new HeapSnapshot(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }
}
