namespace Billing.Persistence.Tests.Grains;

[GrainType(LedgerProbeGrain.GrainTypeName)]
public sealed class LedgerProbeGrain([PersistentState(LedgerProbeGrain.StateName, BillingStorage.ChannelStore)] IPersistentState<LedgerProbeState> ledger)
    : LedgerProbeGrainBase(ledger), ILedgerProbeGrain
{
    public const string GrainTypeName = "ledger-probe";
    public const string StateName = "probe-ledger";
}
