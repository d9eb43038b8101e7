using Billing.Abstractions.Payers;
using Billing.Grains.Storage;
using Orleans.Runtime;

namespace Billing.Grains.Payers;

public sealed class PayerGrain(
    [PersistentState(PayerGrain.StateName, BillingStorageNames.Channels)] IPersistentState<PayerState> persistent) : Grain, IPayerGrain
{
    public const string StateName = "payer-channels";

    public async ValueTask AddChannel(string channelId)
    {
        if (persistent.State.Channels.Add(channelId))
        {
            await persistent.WriteStateAsync();
        }
    }

    public ValueTask<IReadOnlyList<string>> GetChannels() =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. persistent.State.Channels.Order(StringComparer.Ordinal)]);
}
