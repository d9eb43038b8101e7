namespace Billing.Abstractions.Usage;

/// <summary>
/// A charge given exactly, in sub-units (1 atomic unit = 1,000,000), with the usage it prices. The channel rounds it once,
/// carrying the remainder, so sub-atomic token prices bill exactly over time.
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.metered-charge")]
public sealed record MeteredCharge(
    [property: Id(0)] UInt128 ExactSubUnits,
    [property: Id(1)] string? Model,
    [property: Id(2)] UsageMessage Usage);
