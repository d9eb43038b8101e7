namespace Billing.Persistence.Tests.Grains;

/// <summary>What a probe grain reports about its persistent state.</summary>
[GenerateSerializer, Immutable, Alias("billing.tests.ledger-snapshot")]
public sealed record LedgerSnapshot(
    [property: Id(0)] UInt128 Committed,
    [property: Id(1)] string Note,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] string? Etag);
