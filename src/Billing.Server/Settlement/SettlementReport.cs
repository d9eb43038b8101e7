namespace Billing.Server.Settlement;

/// <summary>
/// What one settlement run did; amounts are decimal strings of atomic units. <see cref="GasPerMillionUnits"/> is gas used per
/// 1,000,000 units claimed (integer division; null when nothing was claimed).
/// </summary>
public sealed record SettlementReport(
    int ChannelsClaimed,
    string AmountClaimed,
    IReadOnlyList<string> ClaimTransactions,
    IReadOnlyList<string> SettleTransactions,
    IReadOnlyList<string> Problems)
{
    public ulong GasUsed { get; init; }

    public string? GasPerMillionUnits { get; init; }

    public IReadOnlyList<SkippedClaim> Skipped { get; init; } = [];

    public IReadOnlyList<string> Alerts { get; init; } = [];

    /// <summary>Fee-bumped replacements broadcast for claims that were not mined in time.</summary>
    public IReadOnlyList<string> ReplacementTransactions { get; init; } = [];
}

/// <summary>A channel that owes but was not claimed in this run, and why.</summary>
public sealed record SkippedClaim(string ChannelId, string Reason);
