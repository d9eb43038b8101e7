namespace Billing.Persistence.Tests.Grains;

/// <summary>Shared behaviour of the probe grains; each subclass is its own grain type.</summary>
public abstract class LedgerProbeGrainBase(IPersistentState<LedgerProbeState> ledger) : Grain
{
    public Task<LedgerSnapshot> ReadAsync() => Task.FromResult(Snapshot());

    public async Task<LedgerSnapshot> WriteAsync(UInt128 committed, string note)
    {
        ledger.State.Committed = committed;
        ledger.State.Note = note;
        await ledger.WriteStateAsync();
        return Snapshot();
    }

    public async Task<LedgerSnapshot> ClearAsync()
    {
        await ledger.ClearStateAsync();
        return Snapshot();
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private LedgerSnapshot Snapshot() => new(ledger.State.Committed, ledger.State.Note, ledger.RecordExists, ledger.Etag);
}
