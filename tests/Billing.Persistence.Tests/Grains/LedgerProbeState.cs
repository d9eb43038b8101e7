namespace Billing.Persistence.Tests.Grains;

/// <summary>A small stand-in for a channel ledger: an integer amount and a note.</summary>
[GenerateSerializer, Alias("billing.tests.ledger-probe-state")]
public sealed class LedgerProbeState
{
    [Id(0)]
    public UInt128 Committed { get; set; }

    [Id(1)]
    public string Note { get; set; } = "";
}
