using Orleans.Runtime;
using Billing.Abstractions.Settlement;
using Billing.Grains.Storage;

namespace Billing.Grains.Settlement;

/// <summary>The set of channels in one shard that owe a claim, with when each registered and which are urgent.</summary>
public sealed class SettlementShardGrain(
    [PersistentState(SettlementShardGrain.StateName, BillingStorageNames.Channels)] IPersistentState<SettlementShardState> persistent,
    TimeProvider time)
    : Grain, ISettlementShardGrain
{
    public const string StateName = "settlement-shard";

    public async ValueTask Register(string channelId)
    {
        if (Add(channelId))
        {
            await persistent.WriteStateAsync();
        }
    }

    public async ValueTask RegisterUrgent(string channelId)
    {
        var added = Add(channelId);
        if (persistent.State.Urgent.Add(channelId) || added)
        {
            await persistent.WriteStateAsync();
        }
    }

    public ValueTask<IReadOnlyList<string>> GetChannels() =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. persistent.State.Channels.Order(StringComparer.Ordinal)]);

    public ValueTask<IReadOnlyList<SettlementShardEntry>> GetEntries()
    {
        var state = persistent.State;
        var entries = state.Channels
            .Order(StringComparer.Ordinal)
            .Select(id => new SettlementShardEntry(
                id,
                // Registered before registration times were kept: treat as old, so the age policy claims it soon.
                state.RegisteredAt.TryGetValue(id, out var at) ? at : DateTimeOffset.UnixEpoch,
                state.Urgent.Contains(id)))
            .ToList();
        return ValueTask.FromResult<IReadOnlyList<SettlementShardEntry>>(entries);
    }

    public async ValueTask MarkSettled(IReadOnlyList<string> channelIds)
    {
        var state = persistent.State;
        var changed = false;
        foreach (var id in channelIds)
        {
            changed |= state.Channels.Remove(id);
            changed |= state.RegisteredAt.Remove(id);
            changed |= state.Urgent.Remove(id);
        }

        if (changed)
        {
            await persistent.WriteStateAsync();
        }
    }

    private bool Add(string channelId)
    {
        if (!persistent.State.Channels.Add(channelId))
        {
            return false;
        }

        persistent.State.RegisteredAt[channelId] = time.GetUtcNow();
        return true;
    }
}
