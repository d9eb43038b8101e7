namespace Billing.Persistence.Tests.Grains;

/// <summary>
/// Deliberately reuses <see cref="LedgerProbeGrain.StateName"/>: the store must still keep its rows apart from
/// <see cref="LedgerProbeGrain"/>'s (dotnet/orleans#8746). Production grains also use distinct names.
/// </summary>
[GrainType(SettlementProbeGrain.GrainTypeName)]
public sealed class SettlementProbeGrain([PersistentState(LedgerProbeGrain.StateName, BillingStorage.ChannelStore)] IPersistentState<LedgerProbeState> ledger)
    : LedgerProbeGrainBase(ledger), ISettlementProbeGrain
{
    public const string GrainTypeName = "settlement-probe";
}
