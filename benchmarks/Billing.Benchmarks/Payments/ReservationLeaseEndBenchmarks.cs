using BenchmarkDotNet.Attributes;

namespace Billing.Benchmarks.Payments;

/// <summary>
/// What ending a paid request's reservation lease costs: the lease waits on a <see cref="PeriodicTimer"/> that never
/// ticks within a short request, and the request's end stops the wait. Cancelling the wait (how the lease ended before)
/// throws an <see cref="OperationCanceledException"/>, whose message lookup takes a process-wide lock; disposing the
/// timer (how <c>ReservationLease</c> ends now) completes the wait with false. <see cref="Concurrent"/> requests end at
/// once, as they do on a busy server.
/// </summary>
[MemoryDiagnoser]
public class ReservationLeaseEndBenchmarks
{
    // Far longer than an operation: the timer never ticks, as in a request shorter than a third of the reservation timeout.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Params(1, 16)]
    public int Concurrent { get; set; }

    [Benchmark(Baseline = true)]
    public Task CancelledWait() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(CancelOneAsync)));

    [Benchmark]
    public Task DisposedTimer() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(DisposeOneAsync)));

    private static async Task CancelOneAsync()
    {
        using var stop = new CancellationTokenSource();
        var waiting = WaitUntilCancelledAsync(stop.Token);
        await stop.CancelAsync();
        await waiting;
    }

    private static async Task WaitUntilCancelledAsync(CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(stop))
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task DisposeOneAsync()
    {
        var timer = new PeriodicTimer(Interval);
        var waiting = WaitUntilDisposedAsync(timer);
        timer.Dispose();
        await waiting;
    }

    private static async Task WaitUntilDisposedAsync(PeriodicTimer timer)
    {
        while (await timer.WaitForNextTickAsync())
        {
        }
    }
}
