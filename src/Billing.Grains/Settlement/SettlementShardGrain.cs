using Orleans.Runtime;
using Billing.Abstractions.Settlement;
using Billing.Grains.Storage;

namespace Billing.Grains.Settlement;

/// <summary>The set of channels in one shard that owe a claim.</summary>
public sealed class SettlementShardGrain(
    [PersistentState(SettlementShardGrain.StateName, BillingStorageNames.Channels)] IPersistentState<SettlementShardState> persistent)
    : Grain, ISettlementShardGrain
{
    public const string StateName = "settlement-shard";

    public async ValueTask Register(string channelId)
    {
        if (persistent.State.Channels.Add(channelId))
        {
            await persistent.WriteStateAsync();
        }
    }

    public ValueTask<IReadOnlyList<string>> GetChannels() =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. persistent.State.Channels.Order(StringComparer.Ordinal)]);

    public async ValueTask MarkSettled(IReadOnlyList<string> channelIds)
    {
        var changed = false;
        foreach (var id in channelIds)
        {
            changed |= persistent.State.Channels.Remove(id);
        }

        if (changed)
        {
            await persistent.WriteStateAsync();
        }
    }
}
