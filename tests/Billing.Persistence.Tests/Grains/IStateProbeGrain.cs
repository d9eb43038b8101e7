namespace Billing.Persistence.Tests.Grains;

/// <summary>Writes, reads and clears one persistent state through the billing store.</summary>
public interface IStateProbeGrain : IGrainWithStringKey
{
    Task<LedgerSnapshot> ReadAsync();

    Task<LedgerSnapshot> WriteAsync(UInt128 committed, string note);

    Task<LedgerSnapshot> ClearAsync();

    /// <summary>Drops the activation so that the next call loads the state from the database again.</summary>
    Task DeactivateAsync();
}
