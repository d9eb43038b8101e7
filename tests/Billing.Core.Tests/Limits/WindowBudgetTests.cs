using Billing.Core.Limits;

namespace Billing.Core.Tests.Limits;

public sealed class WindowBudgetTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void A_key_gets_its_budget_then_waits_for_the_rest_of_its_window()
    {
        var time = new ManualTimeProvider();
        var budget = new WindowBudget(2, Hour, time);

        Assert.True(budget.TryTake("channel").IsAllowed);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(budget.TryTake("channel").IsAllowed);
        var refused = budget.TryTake("channel");

        Assert.False(refused.IsAllowed);
        Assert.Equal(TimeSpan.FromMinutes(50), refused.RetryAfter);
        time.Advance(TimeSpan.FromMinutes(49));
        Assert.False(budget.TryTake("channel").IsAllowed);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(budget.TryTake("channel").IsAllowed);
    }

    [Fact]
    public void Keys_have_budgets_of_their_own()
    {
        var budget = new WindowBudget(1, Hour, new ManualTimeProvider());

        Assert.True(budget.TryTake("a").IsAllowed);
        Assert.False(budget.TryTake("a").IsAllowed);
        Assert.True(budget.TryTake("b").IsAllowed);
    }

    [Fact]
    public void An_operation_given_back_can_be_taken_again()
    {
        var budget = new WindowBudget(1, Hour, new ManualTimeProvider());

        Assert.True(budget.TryTake("a").IsAllowed);
        budget.GiveBack("a");

        Assert.True(budget.TryTake("a").IsAllowed);
        Assert.False(budget.TryTake("a").IsAllowed);
    }

    [Fact]
    public void Keys_whose_window_passed_are_forgotten_under_many_keys()
    {
        var time = new ManualTimeProvider();
        var budget = new WindowBudget(1, Hour, time);
        for (var i = 0; i < 5_000; i++)
        {
            budget.TryTake($"old-{i}");
        }

        time.Advance(Hour);
        for (var i = 0; i < 5_000; i++)
        {
            budget.TryTake($"new-{i}");
        }

        Assert.InRange(budget.TrackedKeys, 5_000, 8_192);
    }
}
