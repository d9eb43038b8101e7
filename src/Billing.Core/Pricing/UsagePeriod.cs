namespace Billing.Core.Pricing;

/// <summary>A calendar period in UTC: the span tier quantities accumulate over, and the bucket of usage reports.</summary>
public enum UsagePeriod
{
    Hour,
    Day,
    Month,
}
