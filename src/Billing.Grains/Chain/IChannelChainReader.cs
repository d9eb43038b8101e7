using Billing.Core.Channels;

namespace Billing.Grains.Chain;

/// <summary>Reads a channel's confirmed on-chain state. The only chain access on the channel grain's path, and a rare one.</summary>
public interface IChannelChainReader
{
    Task<OnChainChannelSnapshot> ReadAsync(string channelId, CancellationToken cancellationToken);
}
