namespace Billing.Core.Pricing;

/// <summary>How a <see cref="TokenRate"/>'s tiers price a request's tokens.</summary>
public enum TierMode
{
    /// <summary>One price for every token.</summary>
    Unit,

    /// <summary>Each token is priced by the tier its position in the period falls into.</summary>
    Graduated,

    /// <summary>All of a request's tokens are priced by the tier the period's cumulative quantity reaches.</summary>
    Volume,
}
