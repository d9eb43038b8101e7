using Billing.Core.Pricing;

namespace Billing.Core.Budgets;

/// <summary>Checked sums and headroom of spend amounts.</summary>
internal static class SpendSum
{
    public static UInt128 Add(UInt128 spent, UInt128 amount)
    {
        try
        {
            return checked(spent + amount);
        }
        catch (OverflowException ex)
        {
            throw new BillingOverflowException($"Spent {spent} plus {amount} overflows 128 bits.", ex);
        }
    }

    /// <summary>True when adding <paramref name="amount"/> to <paramref name="spent"/> stays within <paramref name="cap"/>.</summary>
    public static bool Fits(UInt128 spent, UInt128 amount, UInt128 cap) => spent <= cap && amount <= cap - spent;
}
