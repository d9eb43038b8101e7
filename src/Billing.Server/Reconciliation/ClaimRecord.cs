using Billing.Evm;

namespace Billing.Server.Reconciliation;

/// <summary>One Claimed event of the channel contract: a claim transaction that raised a channel's claimed total.</summary>
public sealed record ClaimRecord(string ChannelId, Hash32 TransactionHash, ulong BlockNumber, ulong LogIndex, UInt128 ClaimAmount, UInt128 NewTotalClaimed);
