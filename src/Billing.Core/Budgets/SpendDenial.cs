namespace Billing.Core.Budgets;

/// <summary>Why a spend policy refused a payment.</summary>
public enum SpendDenial
{
    None,
    AssetNotAllowed,
    NetworkNotAllowed,
    ExceedsPerRequestCap,
    ExceedsChannelCap,
    ExceedsHourlyCap,
    ExceedsDailyCap,
}
