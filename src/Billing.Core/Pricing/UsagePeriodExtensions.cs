namespace Billing.Core.Pricing;

/// <summary>UTC boundaries of <see cref="UsagePeriod"/>s. UTC so that every silo and every agent cuts periods alike.</summary>
public static class UsagePeriodExtensions
{
    /// <summary>The UTC instant the period containing <paramref name="at"/> starts.</summary>
    public static DateTimeOffset StartOf(this UsagePeriod period, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return period switch
        {
            UsagePeriod.Hour => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
            UsagePeriod.Day => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            UsagePeriod.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown usage period."),
        };
    }

    /// <summary>The UTC instant the period that starts at <paramref name="periodStart"/> ends (exclusive).</summary>
    public static DateTimeOffset EndOf(this UsagePeriod period, DateTimeOffset periodStart) => period switch
    {
        UsagePeriod.Hour => periodStart.AddHours(1),
        UsagePeriod.Day => periodStart.AddDays(1),
        UsagePeriod.Month => periodStart.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown usage period."),
    };
}
