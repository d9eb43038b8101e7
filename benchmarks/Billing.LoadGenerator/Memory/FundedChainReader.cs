using Billing.Core.Channels;
using Billing.Grains.Chain;

namespace Billing.LoadGenerator.Memory;

/// <summary>
/// The chain as the memory scenario's channels see it: every channel funded with <paramref name="deposit"/>, nothing
/// claimed, no withdrawal. 100,000 channels cannot be opened on anvil in a benchmark's time, and the memory a channel
/// grain holds does not depend on where its one chain read came from.
/// </summary>
public sealed class FundedChainReader(UInt128 deposit) : IChannelChainReader
{
    public Task<OnChainChannelSnapshot> ReadAsync(string channelId, CancellationToken cancellationToken) =>
        Task.FromResult(new OnChainChannelSnapshot(deposit, UInt128.Zero, UInt128.Zero, 0, 0, Block: 1));
}
