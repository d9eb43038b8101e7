using Billing.Evm;

namespace Billing.Client.Channels;

/// <summary>Where the SDK keeps its channel records; in memory by default, pluggable for agents that restart.</summary>
public interface IPayerChannelStore
{
    ValueTask<PayerChannel?> GetAsync(Hash32 channelId, CancellationToken cancellationToken);

    ValueTask SetAsync(Hash32 channelId, PayerChannel channel, CancellationToken cancellationToken);

    ValueTask DeleteAsync(Hash32 channelId, CancellationToken cancellationToken);
}
