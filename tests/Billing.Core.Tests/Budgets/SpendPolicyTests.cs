using Billing.Core.Budgets;

namespace Billing.Core.Tests.Budgets;

public sealed class SpendPolicyTests
{
    private const string Usdc = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
    private const string BaseSepolia = "eip155:84532";
    private static readonly DateTimeOffset Noon = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ProposedSpend Pay(ulong amount, string? channel = null) => new(amount, Usdc, BaseSepolia, channel);

    [Fact]
    public void A_payment_above_the_per_request_cap_is_denied_and_not_recorded()
    {
        var policy = new SpendPolicy(new SpendLimits { PerRequest = 100, PerHour = 1_000 });

        var denied = policy.TryAccept(Pay(101), Noon);

        Assert.False(denied.IsAllowed);
        Assert.Equal(SpendDenial.ExceedsPerRequestCap, denied.Denial);
        Assert.Contains("101", denied.Reason, StringComparison.Ordinal);
        Assert.Equal(UInt128.Zero, policy.SpentInHour(Noon));
        Assert.True(policy.TryAccept(Pay(100), Noon).IsAllowed);
    }

    [Fact]
    public void The_hourly_cap_counts_a_fixed_utc_hour_and_resets_on_the_boundary()
    {
        var policy = new SpendPolicy(new SpendLimits { PerHour = 100 });

        Assert.True(policy.TryAccept(Pay(60), Noon.AddMinutes(1)).IsAllowed);
        Assert.True(policy.TryAccept(Pay(40), Noon.AddMinutes(59)).IsAllowed);
        var full = policy.TryAccept(Pay(1), Noon.AddMinutes(59).AddSeconds(59));
        // A fixed window, not a sliding one: at 13:00 the whole cap is back even though 100 were spent minutes ago.
        var nextHour = policy.TryAccept(Pay(100), Noon.AddHours(1));

        Assert.Equal(SpendDenial.ExceedsHourlyCap, full.Denial);
        Assert.True(nextHour.IsAllowed);
        Assert.Equal((UInt128)100, policy.SpentInHour(Noon.AddHours(1)));
    }

    [Fact]
    public void The_daily_cap_spans_hours_and_resets_at_utc_midnight()
    {
        var policy = new SpendPolicy(new SpendLimits { PerHour = 100, PerDay = 150 });
        var lateEvening = Noon.AddHours(11);

        Assert.True(policy.TryAccept(Pay(100), Noon).IsAllowed);
        Assert.Equal(SpendDenial.ExceedsDailyCap, policy.TryAccept(Pay(51), lateEvening).Denial);
        Assert.True(policy.TryAccept(Pay(50), lateEvening).IsAllowed);
        Assert.Equal((UInt128)150, policy.SpentInDay(lateEvening));
        Assert.True(policy.TryAccept(Pay(100), Noon.AddHours(12)).IsAllowed);
        Assert.Equal((UInt128)100, policy.SpentInDay(Noon.AddHours(12)));
    }

    [Fact]
    public void A_clock_that_goes_back_does_not_restore_spending_room()
    {
        var policy = new SpendPolicy(new SpendLimits { PerHour = 100 });
        Assert.True(policy.TryAccept(Pay(100), Noon.AddHours(1)).IsAllowed);

        var earlier = policy.TryAccept(Pay(1), Noon);

        Assert.Equal(SpendDenial.ExceedsHourlyCap, earlier.Denial);
    }

    [Fact]
    public void The_channel_cap_counts_each_channel_separately_and_ignores_one_off_payments()
    {
        var policy = new SpendPolicy(new SpendLimits { PerChannel = 500 });

        Assert.True(policy.TryAccept(Pay(400, "0xaa"), Noon).IsAllowed);
        Assert.Equal(SpendDenial.ExceedsChannelCap, policy.TryAccept(Pay(101, "0xAA"), Noon).Denial);
        Assert.True(policy.TryAccept(Pay(500, "0xbb"), Noon).IsAllowed);
        Assert.True(policy.TryAccept(Pay(10_000), Noon).IsAllowed);
        Assert.Equal((UInt128)400, policy.SpentOnChannel("0xAa"));
    }

    [Fact]
    public void Only_allowed_assets_and_networks_may_be_used()
    {
        var policy = new SpendPolicy(new SpendLimits { AllowedAssets = [Usdc.ToLowerInvariant()], AllowedNetworks = [BaseSepolia] });

        Assert.True(policy.Evaluate(Pay(1), Noon).IsAllowed);
        Assert.Equal(SpendDenial.AssetNotAllowed, policy.Evaluate(Pay(1) with { Asset = "0x0000000000000000000000000000000000000001" }, Noon).Denial);
        Assert.Equal(SpendDenial.NetworkNotAllowed, policy.Evaluate(Pay(1) with { Network = "eip155:1" }, Noon).Denial);
        Assert.Throws<ArgumentException>(() => policy.Evaluate(Pay(1) with { Network = "" }, Noon));
    }

    [Fact]
    public void Evaluate_answers_without_recording_and_record_counts_without_asking()
    {
        var policy = new SpendPolicy(new SpendLimits { PerHour = 100 });

        Assert.True(policy.Evaluate(Pay(100), Noon).IsAllowed);
        Assert.True(policy.Evaluate(Pay(100), Noon).IsAllowed);
        policy.Record(Pay(150), Noon);

        Assert.Equal((UInt128)150, policy.SpentInHour(Noon));
        Assert.Equal(SpendDenial.ExceedsHourlyCap, policy.Evaluate(Pay(0), Noon).Denial);
    }

    [Fact]
    public void Concurrent_payments_cannot_together_overshoot_a_cap()
    {
        var policy = new SpendPolicy(new SpendLimits { PerHour = 500 });
        var accepted = 0;

        Parallel.For(0, 2_000, _ =>
        {
            if (policy.TryAccept(Pay(1), Noon).IsAllowed)
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(500, accepted);
        Assert.Equal((UInt128)500, policy.SpentInHour(Noon));
    }
}
