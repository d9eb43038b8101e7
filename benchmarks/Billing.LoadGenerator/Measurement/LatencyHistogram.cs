namespace Billing.LoadGenerator.Measurement;

/// <summary>
/// Latencies in log-linear buckets (HdrHistogram's layout: 32 linear sub-buckets per power of two, so any recorded value
/// is reported within about 3 %), fixed size whatever the run length. One per worker; merge them at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int LinearLimit = SubBuckets * 2;
    private const int MaxExponent = 62;

    private readonly long[] _counts = new long[LinearLimit + ((MaxExponent - SubBucketBits) * SubBuckets)];

    public long Count { get; private set; }

    public long MaxNanoseconds { get; private set; }

    public void RecordNanoseconds(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        _counts[IndexOf(value)]++;
        Count++;
        MaxNanoseconds = Math.Max(MaxNanoseconds, value);
    }

    public void RecordTicks(long stopwatchTicks) =>
        RecordNanoseconds((long)(stopwatchTicks * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency)));

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    /// <summary>The value at quantile <paramref name="quantile"/> (0..1] in microseconds; 0 for an empty histogram.</summary>
    public double PercentileMicroseconds(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(MidpointOf(i), MaxNanoseconds) / 1000.0;
            }
        }

        return MaxNanoseconds / 1000.0;
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        var exponent = 63 - (int)long.LeadingZeroCount(value);
        var shift = exponent - SubBucketBits;
        var sub = (int)(value >> shift) - SubBuckets;
        return LinearLimit + ((exponent - SubBucketBits - 1) * SubBuckets) + sub;
    }

    internal static long MidpointOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var offset = index - LinearLimit;
        var shift = (offset / SubBuckets) + 1;
        var lower = (long)(SubBuckets + (offset % SubBuckets)) << shift;
        return lower + ((1L << shift) / 2);
    }
}
