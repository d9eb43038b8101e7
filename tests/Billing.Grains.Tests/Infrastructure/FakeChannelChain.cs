using Billing.Core.Channels;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// A chain the tests script: per channel the confirmed state they set, each change mined in a block of its own, and reads
/// that can be made to fail the way an unreachable node fails. One instance serves every silo of a cluster, as one chain
/// serves every silo of a deployment. The real reader is exercised against anvil by the integration tests.
/// </summary>
public sealed class FakeChannelChain : IChannelChainReader
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChannelOnChain> _channels = new(StringComparer.Ordinal);
    private ulong _head = 1;

    public Task<OnChainChannelSnapshot> ReadAsync(string channelId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var channel = Channel(channelId);
            channel.Reads++;
            if (channel.Unreachable)
            {
                throw new EthRpcTransportException("eth_call", 3, "connection refused", null);
            }

            // A read sees the channel as of the newest block, like a read at "latest".
            return Task.FromResult(channel.State with { Block = _head });
        }
    }

    /// <summary>Adds escrow to the channel (a deposit or a top-up), in a new block.</summary>
    public void Deposit(string channelId, UInt128 amount) =>
        Mine(channelId, channel => channel.State = channel.State with { Balance = channel.State.Balance + amount });

    /// <summary>Records a settlement claim: the channel's cumulative claimed total becomes <paramref name="totalClaimed"/>.</summary>
    public void Claim(string channelId, UInt128 totalClaimed) =>
        Mine(channelId, channel => channel.State = channel.State with { TotalClaimed = totalClaimed });

    /// <summary>Makes every read of the channel fail until <see cref="Reconnect"/>.</summary>
    public void Disconnect(string channelId) => Mine(channelId, channel => channel.Unreachable = true);

    public void Reconnect(string channelId) => Mine(channelId, channel => channel.Unreachable = false);

    /// <summary>How often the silos asked for this channel: the RPC load it caused.</summary>
    public int Reads(string channelId)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channelId, out var channel) ? channel.Reads : 0;
        }
    }

    private void Mine(string channelId, Action<ChannelOnChain> change)
    {
        lock (_gate)
        {
            change(Channel(channelId));
            _head++;
        }
    }

    private ChannelOnChain Channel(string channelId)
    {
        if (!_channels.TryGetValue(channelId, out var channel))
        {
            channel = new ChannelOnChain();
            _channels.Add(channelId, channel);
        }

        return channel;
    }

    private sealed class ChannelOnChain
    {
        public OnChainChannelSnapshot State { get; set; }

        public bool Unreachable { get; set; }

        public int Reads { get; set; }
    }
}
