namespace Billing.Server.Settlement;

/// <summary>What one settlement run did; amounts are decimal strings of atomic units.</summary>
public sealed record SettlementReport(
    int ChannelsClaimed,
    string AmountClaimed,
    IReadOnlyList<string> ClaimTransactions,
    IReadOnlyList<string> SettleTransactions,
    IReadOnlyList<string> Problems);
