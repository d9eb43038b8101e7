namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>One row of OrleansStorage as the database holds it.</summary>
public sealed record StoredStateRow(
    string GrainTypeString,
    string? GrainIdExtensionString,
    long GrainIdN0,
    long GrainIdN1,
    byte[]? PayloadBinary,
    int Version);
