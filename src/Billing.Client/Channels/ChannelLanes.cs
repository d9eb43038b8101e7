namespace Billing.Client.Channels;

/// <summary>
/// The agent's channels to one payee, numbered 0..n−1, each used by one request at a time (the scheme allows one open
/// request per channel). A request takes the lowest free lane, so a lightly loaded agent keeps reusing the channels it
/// has already funded; waiters are served first come, first served. A refund asks for one particular lane.
/// </summary>
internal sealed class ChannelLanes
{
    private readonly Lock _gate = new();
    private readonly bool[] _busy;
    private readonly LinkedList<Waiter> _waiters = new();

    public ChannelLanes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _busy = new bool[count];
    }

    public int Count => _busy.Length;

    /// <summary>Takes the lowest free lane, waiting for one if all are busy. Release it with <see cref="Release"/>.</summary>
    public Task<int> AcquireAnyAsync(CancellationToken cancellationToken) => AcquireAsync(null, cancellationToken);

    /// <summary>Takes lane <paramref name="lane"/>, waiting until its current request is done.</summary>
    public Task<int> AcquireAsync(int lane, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, _busy.Length);
        return AcquireAsync((int?)lane, cancellationToken);
    }

    public void Release(int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, _busy.Length);
        Waiter? next = null;
        lock (_gate)
        {
            if (!_busy[lane])
            {
                throw new InvalidOperationException($"Lane {lane} is not held.");
            }

            for (var node = _waiters.First; node is not null; node = node.Next)
            {
                if (node.Value.Wanted is null || node.Value.Wanted == lane)
                {
                    _waiters.Remove(node);
                    next = node.Value;
                    break;
                }
            }

            // Handed over: the lane stays busy for the waiter.
            _busy[lane] = next is not null;
        }

        next?.Granted.TrySetResult(lane);
    }

    private async Task<int> AcquireAsync(int? wanted, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            var free = wanted ?? Array.IndexOf(_busy, false);
            if (free >= 0 && !_busy[free])
            {
                _busy[free] = true;
                return free;
            }

            node = _waiters.AddLast(new Waiter(wanted, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        await using var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
        return await node.Value.Granted.Task;
    }

    private void Abandon(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A node no longer listed was already granted its lane; the caller owns it and releases it.
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
        }

        node.Value.Granted.TrySetCanceled(cancellationToken);
    }

    private sealed record Waiter(int? Wanted, TaskCompletionSource<int> Granted);
}
