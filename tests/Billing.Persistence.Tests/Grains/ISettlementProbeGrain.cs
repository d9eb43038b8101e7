namespace Billing.Persistence.Tests.Grains;

/// <summary>Implemented only by <see cref="SettlementProbeGrain"/>, a different grain class with the same state name.</summary>
public interface ISettlementProbeGrain : IStateProbeGrain
{
}
