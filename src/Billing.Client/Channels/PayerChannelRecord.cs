namespace Billing.Client.Channels;

/// <summary>The file form of a <see cref="PayerChannel"/>.</summary>
internal sealed record PayerChannelRecord(string ChannelId, string ChargedCumulativeAmount, string SignedMaxClaimable, string Balance);
