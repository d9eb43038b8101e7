namespace Billing.Core.Pricing;

/// <summary>
/// One tier of a tiered token price. The tier covers the period's cumulative quantities above the previous tier's
/// <see cref="UpTo"/> and up to and including its own; <c>null</c> marks the last, open-ended tier.
/// </summary>
/// <example>"First 10M output tokens at X, beyond at Y" is <c>[new(10_000_000, X), new(null, Y)]</c>.</example>
public readonly record struct PriceTier(ulong? UpTo, SubUnits PricePerToken);
