using Billing.Abstractions.Chain;
using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Billing.Grains.Chain;

/// <summary>
/// Reads the contract's logs block range by block range, confirmed blocks only, and gives each channel grain its events in
/// order. The cursor is persisted after the channels have their events, so a crash re-delivers (harmless: channels ignore
/// what they have seen) and never skips.
/// </summary>
public sealed partial class ChainWatcherGrain(
    [PersistentState(ChainWatcherGrain.StateName, BillingStorageNames.Channels)] IPersistentState<ChainWatcherState> persistent,
    EthRpcClient rpc,
    IOptions<ChainOptions> chain,
    IOptions<ChainWatcherOptions> options,
    ILogger<ChainWatcherGrain> logger) : Grain, IChainWatcherGrain
{
    public const string StateName = "chain-watcher";

    private readonly LogRangeWindow _range = new(options.Value.MaxBlockRange, options.Value.MinBlockRange);

    public async ValueTask<int> Poll()
    {
        var state = persistent.State;
        var o = options.Value;
        if (state.NextBlock == 0)
        {
            state.NextBlock = Math.Max(1, o.StartBlock);
        }

        if (await ReorgedUnderCursorAsync())
        {
            await RewindAsync();
        }

        var head = await rpc.GetBlockNumberAsync();
        var depth = (ulong)Math.Max(0, chain.Value.Confirmations - 1);
        if (head < depth || state.NextBlock > head - depth)
        {
            return 0;
        }

        var confirmed = head - depth;
        var contract = Address.Parse(chain.Value.BatchSettlement);
        ulong to;
        IReadOnlyList<LogEntry> logs;
        while (true)
        {
            to = Math.Min(confirmed, state.NextBlock + _range.Current - 1);
            try
            {
                logs = await rpc.GetLogsAsync(LogFilter.ForRange(state.NextBlock, to, contract));
                break;
            }
            catch (Exception ex) when (LogRangeWindow.IsRangeRefusal(ex) && _range.Shrink())
            {
                LogRangeRefused(logger, to - state.NextBlock + 1, _range.Current, ex.Message);
            }
        }

        if (to - state.NextBlock + 1 == _range.Current)
        {
            _range.Grow();
        }

        var byChannel = new Dictionary<string, List<ChainEventMessage>>(StringComparer.Ordinal);
        foreach (var log in logs.OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex))
        {
            var decoded = log.Removed ? null : ToMessage(log);
            if (decoded is null)
            {
                continue;
            }

            var (channelId, message) = decoded.Value;
            if (!byChannel.TryGetValue(channelId, out var events))
            {
                byChannel[channelId] = events = [];
            }

            events.Add(message);
        }

        foreach (var (channelId, events) in byChannel)
        {
            await GrainFactory.GetGrain<IChannelGrain>(channelId).ApplyChainEvents(events);
            state.RecentChannels[channelId] = to;
        }

        var last = await rpc.GetBlockByNumberAsync(to);
        state.NextBlock = to + 1;
        state.LastBlockHash = last?.Hash.ToString();
        foreach (var stale in state.RecentChannels.Where(c => c.Value + o.ReorgRewindBlocks < to).Select(c => c.Key).ToList())
        {
            state.RecentChannels.Remove(stale);
        }

        await persistent.WriteStateAsync();
        return byChannel.Values.Sum(e => e.Count);
    }

    private async Task<bool> ReorgedUnderCursorAsync()
    {
        var state = persistent.State;
        if (state.LastBlockHash is null || state.NextBlock <= 1)
        {
            return false;
        }

        var block = await rpc.GetBlockByNumberAsync(state.NextBlock - 1);
        return block is null || !string.Equals(block.Hash.ToString(), state.LastBlockHash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The block under the cursor is not the one we read: events we delivered may be gone. Channels that had recent events
    /// rebuild their mirror from the chain, and the cursor moves back so events on the new branch are delivered.
    /// </summary>
    private async Task RewindAsync()
    {
        var state = persistent.State;
        var rewind = options.Value.ReorgRewindBlocks;
        LogReorg(logger, state.NextBlock - 1, state.RecentChannels.Count);
        foreach (var channelId in state.RecentChannels.Keys.ToList())
        {
            await GrainFactory.GetGrain<IChannelGrain>(channelId).ResyncAfterReorg();
        }

        state.NextBlock = state.NextBlock > rewind ? state.NextBlock - rewind : 1;
        state.LastBlockHash = null;
        await persistent.WriteStateAsync();
    }

    private static (string ChannelId, ChainEventMessage Message)? ToMessage(LogEntry log)
    {
        var block = log.BlockNumber ?? 0;
        var index = log.LogIndex ?? 0;
        return ChannelEventDecoder.TryDecode(log) switch
        {
            DepositedEvent e => (e.ChannelId.ToString(), new ChainEventMessage(block, index, ChainEventKind.Deposited, e.NewBalance, 0)),
            ClaimedEvent e => (e.ChannelId.ToString(), new ChainEventMessage(block, index, ChainEventKind.Claimed, e.NewTotalClaimed, 0)),
            RefundedEvent e => (e.ChannelId.ToString(), new ChainEventMessage(block, index, ChainEventKind.Refunded, e.Amount, 0)),
            WithdrawInitiatedEvent e => (e.ChannelId.ToString(), new ChainEventMessage(block, index, ChainEventKind.WithdrawInitiated, e.Amount, e.FinalizeAfter)),
            WithdrawFinalizedEvent e => (e.ChannelId.ToString(), new ChainEventMessage(block, index, ChainEventKind.WithdrawFinalized, e.Amount, 0)),
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The node refused logs for {Blocks} blocks; asking for {Next} at a time: {Error}")]
    private static partial void LogRangeRefused(ILogger logger, ulong blocks, ulong next, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Block {Block} under the watcher's cursor changed (reorg); re-syncing {Channels} recent channels")]
    private static partial void LogReorg(ILogger logger, ulong block, int channels);
}
