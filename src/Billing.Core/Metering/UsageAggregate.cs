using System.Runtime.InteropServices;
using Billing.Core.Pricing;

namespace Billing.Core.Metering;

/// <summary>
/// One agent's (or any key's) usage, summed per UTC period and per model: requests, tokens by kind, amounts. Buckets
/// merge by addition, so aggregates from several silos or several agents combine into one report.
/// </summary>
/// <remarks>
/// Not thread-safe: it lives inside one grain (or one report builder). The buckets are one list sorted by period, then
/// model: an active channel holds one or a few, and a list of them costs a fraction of a map of maps.
/// </remarks>
public sealed class UsageAggregate
{
    /// <summary>The model key of requests that name no model.</summary>
    public const string NoModel = PriceEntry.AnyModel;

    /// <summary>Distinct models kept per period; the requests of any further model are summed under <see cref="OtherModels"/>.</summary>
    public const int MaxModelsPerPeriod = 16;

    /// <summary>Longest model name kept as its own bucket; a longer one is summed under <see cref="OtherModels"/>.</summary>
    public const int MaxModelLength = 256;

    /// <summary>The bucket of the models past <see cref="MaxModelsPerPeriod"/> (the space keeps it apart from any model name a gateway accepts).</summary>
    public const string OtherModels = "(other models)";

    // Sorted by period start, then model (ordinal); models compare case-insensitively, keeping their first spelling.
    private List<UsageBucket>? _buckets;

    public UsageAggregate(UsagePeriod period)
    {
        Period = Enum.IsDefined(period)
            ? period
            : throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown usage period.");
    }

    public UsagePeriod Period { get; }

    public int BucketCount => _buckets?.Count ?? 0;

    /// <summary>Every bucket, oldest period first, models in ordinal order.</summary>
    public IReadOnlyList<UsageBucket> Buckets => Query(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    /// <summary>Adds one committed request.</summary>
    /// <param name="at">When the request arrived; it selects the bucket.</param>
    /// <param name="model">
    /// The model it used; <c>null</c> or empty is <see cref="NoModel"/>. A name longer than <see cref="MaxModelLength"/>,
    /// or a new one in a period that already holds <see cref="MaxModelsPerPeriod"/> models, counts under
    /// <see cref="OtherModels"/>.
    /// </param>
    /// <param name="usage">What it consumed.</param>
    /// <param name="accrued">Its exact charge.</param>
    /// <param name="charged">The atomic units its commit took.</param>
    public void Record(DateTimeOffset at, string? model, UsageQuantities usage, SubUnits accrued, UInt128 charged)
    {
        var periodStart = Period.StartOf(at);
        Add(new UsageBucket(periodStart, Kept(periodStart, ModelKey(model)), new UsageTotals(1, usage, accrued, charged)));
    }

    /// <summary>Adds a bucket's totals to the same period and model here (restoring state, or merging).</summary>
    /// <exception cref="ArgumentException">The bucket does not start on a boundary of this aggregate's period.</exception>
    public void Add(UsageBucket bucket)
    {
        var periodStart = CheckedStart(bucket.PeriodStart);
        Set(periodStart, ModelKey(bucket.Model), TotalsOf(periodStart, bucket.Model) + bucket.Totals);
    }

    /// <summary>Adds every bucket of <paramref name="other"/> to this aggregate.</summary>
    /// <exception cref="ArgumentException">The aggregates bucket by different periods.</exception>
    public void Merge(UsageAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Period != Period)
        {
            throw new ArgumentException($"Cannot merge {other.Period} buckets into {Period} buckets.", nameof(other));
        }

        // Sum everything before writing anything, so an overflow leaves this aggregate as it was.
        var merged = other.Buckets
            .Select(bucket => bucket with { Totals = TotalsOf(bucket.PeriodStart, bucket.Model) + bucket.Totals })
            .ToList();
        foreach (var bucket in merged)
        {
            Set(bucket.PeriodStart, ModelKey(bucket.Model), bucket.Totals);
        }
    }

    /// <summary>The buckets whose period overlaps [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="model">Only this model (case-insensitive), or every model when <c>null</c>.</param>
    public IReadOnlyList<UsageBucket> Query(DateTimeOffset from, DateTimeOffset to, string? model = null)
    {
        var found = new List<UsageBucket>();
        foreach (var bucket in CollectionsMarshal.AsSpan(_buckets))
        {
            if (bucket.PeriodStart >= to)
            {
                break;
            }

            if (EndOf(bucket.PeriodStart) > from && (model is null || string.Equals(model, bucket.Model, StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(bucket);
            }
        }

        return found;
    }

    /// <summary>The sum of the buckets <see cref="Query"/> returns for the same arguments.</summary>
    public UsageTotals Total(DateTimeOffset from, DateTimeOffset to, string? model = null) =>
        Query(from, to, model).Aggregate(UsageTotals.None, (sum, bucket) => sum + bucket.Totals);

    /// <summary>The totals of the period containing <paramref name="at"/>: the period-to-date quantities for tiers.</summary>
    public UsageTotals PeriodContaining(DateTimeOffset at, string? model = null)
    {
        var periodStart = Period.StartOf(at);
        return Total(periodStart, EndOf(periodStart), model);
    }

    /// <summary>Drops every bucket whose period ended at or before <paramref name="before"/>, to bound memory.</summary>
    /// <returns>How many buckets were dropped.</returns>
    public int Prune(DateTimeOffset before)
    {
        var buckets = CollectionsMarshal.AsSpan(_buckets);
        var dropped = 0;
        while (dropped < buckets.Length && EndOf(buckets[dropped].PeriodStart) <= before)
        {
            dropped++;
        }

        _buckets?.RemoveRange(0, dropped);
        return dropped;
    }

    private static string ModelKey(string? model) => string.IsNullOrEmpty(model) ? NoModel : model;

    /// <summary>
    /// The bucket a request of <paramref name="model"/> goes to: its own while the name is short and the period has room,
    /// else <see cref="OtherModels"/>. A caller that names its models freely thus costs at most
    /// <see cref="MaxModelsPerPeriod"/> + 1 buckets of bounded size per period.
    /// </summary>
    private string Kept(DateTimeOffset periodStart, string model)
    {
        if (model.Length > MaxModelLength)
        {
            return OtherModels;
        }

        if (Find(periodStart, model).Found)
        {
            return model;
        }

        var models = 0;
        foreach (var bucket in CollectionsMarshal.AsSpan(_buckets))
        {
            models += bucket.PeriodStart == periodStart ? 1 : 0;
        }

        return models < MaxModelsPerPeriod ? model : OtherModels;
    }

    private UsageTotals TotalsOf(DateTimeOffset periodStart, string? model)
    {
        var (index, found) = Find(periodStart, ModelKey(model));
        return found ? _buckets![index].Totals : UsageTotals.None;
    }

    private void Set(DateTimeOffset periodStart, string model, UsageTotals totals)
    {
        var (index, found) = Find(periodStart, model);
        if (found)
        {
            _buckets![index] = _buckets[index] with { Totals = totals };
            return;
        }

        // Most channels never hold more than one bucket: start with room for exactly one.
        (_buckets ??= new List<UsageBucket>(1)).Insert(index, new UsageBucket(periodStart, model, totals));
    }

    /// <summary>The bucket of this period and model, or where it belongs in the order.</summary>
    private (int Index, bool Found) Find(DateTimeOffset periodStart, string model)
    {
        var buckets = CollectionsMarshal.AsSpan(_buckets);
        var index = 0;
        while (index < buckets.Length && buckets[index].PeriodStart < periodStart)
        {
            index++;
        }

        var insertAt = -1;
        for (; index < buckets.Length && buckets[index].PeriodStart == periodStart; index++)
        {
            if (string.Equals(buckets[index].Model, model, StringComparison.OrdinalIgnoreCase))
            {
                return (index, true);
            }

            if (insertAt < 0 && string.CompareOrdinal(buckets[index].Model, model) > 0)
            {
                insertAt = index;
            }
        }

        return (insertAt < 0 ? index : insertAt, false);
    }

    private DateTimeOffset EndOf(DateTimeOffset periodStart) =>
        periodStart >= Period.StartOf(DateTimeOffset.MaxValue) ? DateTimeOffset.MaxValue : Period.EndOf(periodStart);

    private DateTimeOffset CheckedStart(DateTimeOffset periodStart)
    {
        var start = Period.StartOf(periodStart);
        return start == periodStart
            ? start
            : throw new ArgumentException($"{periodStart:O} is not the start of a UTC {Period}.", nameof(periodStart));
    }
}
