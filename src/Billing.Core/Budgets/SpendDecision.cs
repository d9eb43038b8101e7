namespace Billing.Core.Budgets;

/// <summary>A spend policy's answer: allowed, or denied with a reason a person can read.</summary>
public readonly record struct SpendDecision(SpendDenial Denial, string Reason)
{
    public static SpendDecision Allowed { get; } = new(SpendDenial.None, "");

    public bool IsAllowed => Denial == SpendDenial.None;

    public static SpendDecision Deny(SpendDenial denial, string reason) => new(denial, reason);
}
