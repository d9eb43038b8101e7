namespace Billing.Core.Budgets;

/// <summary>A payment the agent is about to make.</summary>
/// <param name="Amount">What it adds to the agent's spending, in atomic units: for a channel, the voucher's increment.</param>
/// <param name="Asset">The asset's address.</param>
/// <param name="Network">The network's CAIP-2 id.</param>
/// <param name="ChannelId">The channel paid through, or <c>null</c> for a one-off (<c>exact</c>) payment.</param>
public readonly record struct ProposedSpend(UInt128 Amount, string Asset, string Network, string? ChannelId = null);
