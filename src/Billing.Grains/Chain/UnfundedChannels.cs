using System.Collections.Concurrent;
using Billing.Evm;
using Billing.Grains.Channels;
using Microsoft.Extensions.Options;

namespace Billing.Grains.Chain;

/// <summary>
/// The channels this silo read from the chain moments ago and found without escrow (unknown, never funded, or emptied).
/// A voucher or refund for one of them is refused from here instead of with another chain read, so repeating a request
/// for a channel that does not exist costs no RPC. Per silo, bounded, and short-lived: an entry lives
/// <see cref="ChannelGrainOptions.UnfundedChannelTtl"/> at most, and goes as soon as the channel's grain sees a deposit or
/// reads the chain on purpose (after a deposit it executed, for settlement, after a reorg).
/// </summary>
public sealed class UnfundedChannels(IOptions<ChannelGrainOptions> options, TimeProvider time)
{
    // Expiry in UTC ticks of the injected clock, the clock the channel grain's resync interval is measured on.
    private readonly ConcurrentDictionary<Hash32, long> _expiresAt = new();
    private readonly TimeSpan _ttl = options.Value.UnfundedChannelTtl;
    private readonly int _capacity = options.Value.UnfundedChannelCapacity;
    private int _sweeping;

    public int Count => _expiresAt.Count;

    public bool Contains(Hash32 channelId)
    {
        if (!_expiresAt.TryGetValue(channelId, out var expiresAt))
        {
            return false;
        }

        if (time.GetUtcNow().UtcTicks < expiresAt)
        {
            return true;
        }

        _expiresAt.TryRemove(new KeyValuePair<Hash32, long>(channelId, expiresAt));
        return false;
    }

    public void Add(Hash32 channelId)
    {
        if (_ttl <= TimeSpan.Zero || _capacity <= 0)
        {
            return;
        }

        if (_expiresAt.Count >= _capacity && !_expiresAt.ContainsKey(channelId))
        {
            SweepExpired();
            if (_expiresAt.Count >= _capacity)
            {
                // Full of live entries: the channel is simply read again next time. The per-client budget still bounds
                // how often that can happen.
                return;
            }
        }

        _expiresAt[channelId] = time.GetUtcNow().UtcTicks + _ttl.Ticks;
    }

    public void Remove(Hash32 channelId) => _expiresAt.TryRemove(channelId, out _);

    private void SweepExpired()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow().UtcTicks;
            foreach (var (channelId, expiresAt) in _expiresAt)
            {
                if (now >= expiresAt)
                {
                    _expiresAt.TryRemove(new KeyValuePair<Hash32, long>(channelId, expiresAt));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
