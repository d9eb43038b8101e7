using Billing.Core.Pricing;

namespace Billing.Core.Tests.Pricing;

public sealed class SubUnitsTests
{
    [Fact]
    public void One_atomic_unit_is_one_million_sub_units()
    {
        Assert.Equal(new SubUnits(1_000_000), SubUnits.FromAtomic(1));
        Assert.Equal(new SubUnits(150_000_000_000), SubUnits.FromAtomic(150_000));
    }

    [Fact]
    public void Arithmetic_is_exact_and_ordered()
    {
        var price = new SubUnits(150_000);
        Assert.Equal(new SubUnits(150_000_000_000), price * 1_000_000);
        Assert.Equal(new SubUnits(300_000), price + price);
        Assert.Equal(SubUnits.Zero, price - price);
        Assert.True(price < price + new SubUnits(1));
        Assert.Equal(price, SubUnits.Max(price, new SubUnits(149_999)));
    }

    [Fact]
    public void Overflow_throws_a_typed_exception_instead_of_wrapping()
    {
        var huge = new SubUnits(UInt128.MaxValue / 2 + 1);
        Assert.Throws<BillingOverflowException>(() => huge + huge);
        Assert.Throws<BillingOverflowException>(() => huge * 2UL);
        Assert.Throws<BillingOverflowException>(() => new SubUnits(1) - new SubUnits(2));
        Assert.Throws<BillingOverflowException>(() => SubUnits.FromAtomic(UInt128.MaxValue));
    }
}
