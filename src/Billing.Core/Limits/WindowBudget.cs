using System.Collections.Concurrent;

namespace Billing.Core.Limits;

/// <summary>
/// A fixed number of operations per key per window, for operations too costly for a per-minute bucket (an on-chain
/// transaction we pay for). A key's window opens with its first operation; keys whose window has passed carry no
/// information and are forgotten, so the map holds only keys active within the last window. Thread-safe.
/// </summary>
public sealed class WindowBudget
{
    private const int MinimumSweepThreshold = 4_096;

    private readonly ConcurrentDictionary<string, Window> _keys = new(StringComparer.Ordinal);
    private readonly ulong _perWindow;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private int _sweepThreshold = MinimumSweepThreshold;

    public WindowBudget(ulong perWindow, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfZero(perWindow);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _perWindow = perWindow;
        _window = window;
        _time = time;
    }

    public int TrackedKeys => _keys.Count;

    /// <summary>Takes one operation from the key's budget, or says how long until its window reopens.</summary>
    public RateDecision TryTake(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetTimestamp();
        var window = _keys.GetOrAdd(key, static (_, start) => new Window(start), now);
        if (_keys.Count > Volatile.Read(ref _sweepThreshold))
        {
            Sweep(now);
        }

        lock (window)
        {
            var elapsed = _time.GetElapsedTime(window.Start, now);
            if (elapsed >= _window)
            {
                window.Start = now;
                window.Taken = 0;
                elapsed = TimeSpan.Zero;
            }

            if (window.Taken >= _perWindow)
            {
                return new RateDecision(RateLimitReason.Requests, _window - elapsed);
            }

            window.Taken++;
            return RateDecision.Allowed;
        }
    }

    /// <summary>Returns an operation taken for something that did not happen after all.</summary>
    public void GiveBack(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_keys.TryGetValue(key, out var window))
        {
            lock (window)
            {
                if (window.Taken > 0)
                {
                    window.Taken--;
                }
            }
        }
    }

    private void Sweep(long now)
    {
        foreach (var (key, window) in _keys)
        {
            bool expired;
            lock (window)
            {
                expired = _time.GetElapsedTime(window.Start, now) >= _window;
            }

            if (expired)
            {
                // A key that is taken again right now gets a fresh window either way.
                _keys.TryRemove(new KeyValuePair<string, Window>(key, window));
            }
        }

        Volatile.Write(ref _sweepThreshold, Math.Max(MinimumSweepThreshold, _keys.Count * 2));
    }

    private sealed class Window(long start)
    {
        public long Start { get; set; } = start;

        public ulong Taken { get; set; }
    }
}
