namespace Billing.Core.Pricing;

/// <summary>A configured price, exact in sub-units per <see cref="Unit"/>.</summary>
public readonly record struct ParsedPrice(SubUnits PerUnit, PricedUnit Unit);
