using Billing.Core.Metering;
using Billing.Core.Pricing;

namespace Billing.Core.Tests.Metering;

public sealed class UsageAggregateTests
{
    private static readonly DateTimeOffset TenOClock = new(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Requests_are_summed_per_utc_hour_and_model()
    {
        var hourly = new UsageAggregate(UsagePeriod.Hour);
        hourly.Record(TenOClock.AddMinutes(5), "gpt-mini", new UsageQuantities(InputTokens: 10, OutputTokens: 5, Calls: 1), new SubUnits(1_500_000), 1);
        hourly.Record(TenOClock.AddMinutes(59), "GPT-MINI", new UsageQuantities(InputTokens: 20, Calls: 1), new SubUnits(700_000), 1);
        hourly.Record(TenOClock.AddMinutes(60), "gpt-mini", new UsageQuantities(OutputTokens: 1, Calls: 1), new SubUnits(100), 0);
        hourly.Record(TenOClock.AddMinutes(30), "gpt-large", new UsageQuantities(ReasoningTokens: 3, Calls: 1), new SubUnits(9), 0);

        var tenToEleven = hourly.Query(TenOClock, TenOClock.AddHours(1), "gpt-mini");

        var bucket = Assert.Single(tenToEleven);
        Assert.Equal(TenOClock, bucket.PeriodStart);
        Assert.Equal(new UsageTotals(2, new UsageQuantities(InputTokens: 30, OutputTokens: 5, Calls: 2), new SubUnits(2_200_000), 2), bucket.Totals);
        Assert.Equal(3, hourly.BucketCount);
        Assert.Equal(3UL, hourly.Total(TenOClock, TenOClock.AddHours(1)).Requests);
        Assert.Equal(4UL, hourly.Total(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Requests);
    }

    [Fact]
    public void Buckets_are_cut_in_utc_whatever_offset_the_time_carries()
    {
        var daily = new UsageAggregate(UsagePeriod.Day);
        // 01:30 in Berlin (UTC+2) is 23:30 UTC the day before.
        var berlinNight = new DateTimeOffset(2026, 7, 2, 1, 30, 0, TimeSpan.FromHours(2));
        daily.Record(berlinNight, "m", UsageQuantities.OneCall, SubUnits.Zero, 0);

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), Assert.Single(daily.Buckets).PeriodStart);
    }

    [Fact]
    public void Monthly_period_to_date_is_the_month_containing_the_instant()
    {
        var monthly = new UsageAggregate(UsagePeriod.Month);
        monthly.Record(new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.Zero), "m", new UsageQuantities(OutputTokens: 7), SubUnits.Zero, 0);
        monthly.Record(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "m", new UsageQuantities(OutputTokens: 11), SubUnits.Zero, 0);

        Assert.Equal(11UL, monthly.PeriodContaining(TenOClock, "m").Usage.OutputTokens);
        Assert.Equal(7UL, monthly.PeriodContaining(TenOClock.AddMonths(-1), "m").Usage.OutputTokens);
        Assert.Equal(UsageTotals.None, monthly.PeriodContaining(TenOClock, "other"));
    }

    [Fact]
    public void Merging_adds_bucket_by_bucket_and_needs_the_same_period()
    {
        var silo1 = new UsageAggregate(UsagePeriod.Hour);
        var silo2 = new UsageAggregate(UsagePeriod.Hour);
        silo1.Record(TenOClock, "m", new UsageQuantities(OutputTokens: 1, Calls: 1), new SubUnits(10), 0);
        silo2.Record(TenOClock.AddMinutes(1), "m", new UsageQuantities(OutputTokens: 2, Calls: 1), new SubUnits(20), 1);
        silo2.Record(TenOClock.AddHours(1), null, UsageQuantities.OneCall, new SubUnits(5), 0);

        silo1.Merge(silo2);

        Assert.Equal(new UsageTotals(2, new UsageQuantities(OutputTokens: 3, Calls: 2), new SubUnits(30), 1), silo1.PeriodContaining(TenOClock, "m"));
        Assert.Equal(UsageAggregate.NoModel, silo1.Buckets[^1].Model);
        // The source is not changed by being merged.
        Assert.Equal(2, silo2.BucketCount);
        Assert.Throws<ArgumentException>(() => silo1.Merge(new UsageAggregate(UsagePeriod.Day)));
    }

    [Fact]
    public void A_restored_bucket_must_start_on_a_period_boundary()
    {
        var hourly = new UsageAggregate(UsagePeriod.Hour);

        Assert.Throws<ArgumentException>(() => hourly.Add(new UsageBucket(TenOClock.AddMinutes(1), "m", UsageTotals.None)));
        Assert.Equal(0, hourly.BucketCount);
    }

    [Fact]
    public void Pruning_drops_only_periods_that_have_ended()
    {
        var hourly = new UsageAggregate(UsagePeriod.Hour);
        hourly.Record(TenOClock, "a", UsageQuantities.OneCall, SubUnits.Zero, 0);
        hourly.Record(TenOClock, "b", UsageQuantities.OneCall, SubUnits.Zero, 0);
        hourly.Record(TenOClock.AddHours(1), "a", UsageQuantities.OneCall, SubUnits.Zero, 0);

        Assert.Equal(0, hourly.Prune(TenOClock.AddMinutes(59)));
        Assert.Equal(2, hourly.Prune(TenOClock.AddHours(1)));
        Assert.Equal(TenOClock.AddHours(1), Assert.Single(hourly.Buckets).PeriodStart);
    }

    [Fact]
    public void Totals_that_overflow_throw_and_leave_the_aggregate_unchanged()
    {
        var hourly = new UsageAggregate(UsagePeriod.Hour);
        hourly.Record(TenOClock, "m", new UsageQuantities(OutputTokens: ulong.MaxValue), SubUnits.Zero, 0);
        var before = hourly.Buckets;

        Assert.Throws<BillingOverflowException>(() => hourly.Record(TenOClock, "m", new UsageQuantities(OutputTokens: 1), SubUnits.Zero, 0));
        Assert.Equal(before, hourly.Buckets);
    }

    [Fact]
    public void Models_past_the_limit_of_a_period_are_summed_under_other_models_and_the_next_period_starts_afresh()
    {
        var daily = new UsageAggregate(UsagePeriod.Day);
        for (var i = 0; i < UsageAggregate.MaxModelsPerPeriod + 5; i++)
        {
            daily.Record(TenOClock, $"model-{i:D2}", UsageQuantities.OneCall, new SubUnits(1), 1);
        }

        // A model that already has its bucket keeps it.
        daily.Record(TenOClock, "MODEL-00", UsageQuantities.OneCall, new SubUnits(1), 1);
        daily.Record(TenOClock.AddDays(1), "model-99", UsageQuantities.OneCall, new SubUnits(1), 1);

        var today = daily.Query(TenOClock, TenOClock.AddHours(1));
        Assert.Equal(UsageAggregate.MaxModelsPerPeriod + 1, today.Count);
        Assert.Equal(5UL, Assert.Single(today, b => b.Model == UsageAggregate.OtherModels).Totals.Requests);
        Assert.Equal(2UL, Assert.Single(today, b => b.Model == "model-00").Totals.Requests);
        Assert.Equal((ulong)UsageAggregate.MaxModelsPerPeriod + 6, daily.Total(TenOClock, TenOClock.AddHours(1)).Requests);
        Assert.Equal("model-99", Assert.Single(daily.Query(TenOClock.AddDays(1), TenOClock.AddDays(2))).Model);
    }

    [Fact]
    public void A_model_name_longer_than_the_limit_is_never_kept()
    {
        var daily = new UsageAggregate(UsagePeriod.Day);

        daily.Record(TenOClock, new string('m', 200 * 1024), UsageQuantities.OneCall, new SubUnits(1), 1);
        daily.Record(TenOClock, new string('m', UsageAggregate.MaxModelLength), UsageQuantities.OneCall, new SubUnits(1), 1);

        Assert.Equal(
            [UsageAggregate.OtherModels, new string('m', UsageAggregate.MaxModelLength)],
            daily.Buckets.Select(b => b.Model).Order(StringComparer.Ordinal));
    }
}
