using System.Collections.Concurrent;
using Billing.Evm;

namespace Billing.Client.Channels;

public sealed class InMemoryPayerChannelStore : IPayerChannelStore
{
    private readonly ConcurrentDictionary<Hash32, PayerChannel> _channels = new();

    public ValueTask<PayerChannel?> GetAsync(Hash32 channelId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_channels.TryGetValue(channelId, out var channel) ? channel : null);

    public ValueTask SetAsync(Hash32 channelId, PayerChannel channel, CancellationToken cancellationToken)
    {
        _channels[channelId] = channel;
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(Hash32 channelId, CancellationToken cancellationToken)
    {
        _channels.TryRemove(channelId, out _);
        return ValueTask.CompletedTask;
    }
}
