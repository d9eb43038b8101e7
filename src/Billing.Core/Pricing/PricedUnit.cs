namespace Billing.Core.Pricing;

/// <summary>What a parsed price is per.</summary>
public enum PricedUnit
{
    Token,

    /// <summary>One call (request) to a priced route.</summary>
    Call,
}
