namespace Billing.Persistence.Tests.Grains;

/// <summary>Implemented only by <see cref="LedgerProbeGrain"/>.</summary>
public interface ILedgerProbeGrain : IStateProbeGrain
{
}
