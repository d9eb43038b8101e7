namespace Billing.Server.Reconciliation;

/// <summary>
/// One disagreement between two sources of truth. Amounts are decimal strings of atomic units; <see cref="ChannelId"/> is
/// null for a receiver-wide figure.
/// </summary>
/// <param name="Pending">True for amounts on their way (unclaimed, unsettled): reported, but not an error.</param>
public sealed record Discrepancy(DiscrepancyKind Kind, bool Pending, string? ChannelId, string Expected, string Actual, string Detail);
