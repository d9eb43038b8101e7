using System.Collections.Concurrent;
using Billing.Client.Payments;
using Billing.Evm;

namespace Billing.Client.Channels;

/// <summary>
/// The agent's lanes per payee. Channels to one payee differ only by salt, so the payee's side of the terms (chain,
/// receiver, receiver authorizer, token, withdraw delay) identifies the set.
/// </summary>
internal sealed class PayeeLanes(ConcurrencyMode mode)
{
    private readonly ConcurrentDictionary<PayeeKey, ChannelLanes> _lanes = new();

    public ChannelLanes For(ChannelOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var key = new PayeeKey(offer.ChainId, offer.PayTo, offer.ReceiverAuthorizer, offer.Asset, offer.WithdrawDelay);
        return _lanes.GetOrAdd(key, static (_, count) => new ChannelLanes(count), mode.Channels);
    }

    private readonly record struct PayeeKey(ulong ChainId, Address Receiver, Address ReceiverAuthorizer, Address Token, ulong WithdrawDelay);
}
