namespace Billing.LoadGenerator.Load;

/// <summary>
/// Each channel's signed-but-unsent payments, in order. A phase that stops early leaves its tail here for the next one:
/// skipping a voucher would break the channel's cumulative sequence and turn every later request into an error.
/// </summary>
public sealed class VoucherQueues<T>(int channels, Func<IReadOnlyList<int>, T[][]> signNext)
{
    private readonly Queue<T>[] _queues = Enumerable.Range(0, channels).Select(_ => new Queue<T>()).ToArray();

    public int Channels => _queues.Length;

    /// <summary>Signs ahead (outside any timed phase) until every channel holds at least <paramref name="perChannel"/> payments.</summary>
    public void FillTo(int perChannel)
    {
        var missing = _queues.Select(q => Math.Max(0, perChannel - q.Count)).ToArray();
        if (missing.All(m => m == 0))
        {
            return;
        }

        var signed = signNext(missing);
        for (var c = 0; c < _queues.Length; c++)
        {
            foreach (var item in signed[c])
            {
                _queues[c].Enqueue(item);
            }
        }
    }

    /// <summary>Called only by the one worker that owns channel <paramref name="channel"/>.</summary>
    public bool TryTake(int channel, out T item) => _queues[channel].TryDequeue(out item!);
}
