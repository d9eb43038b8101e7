using Billing.Client.Payments;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;

namespace Billing.Client.Channels;

/// <summary>One of the agent's channels to the payee of an offer: its terms, id and signing domain.</summary>
internal sealed record BoundChannel(Hash32 Id, ChannelConfig Config, BatchSettlementDomain Domain, int Lane, ChannelOffer Offer)
{
    /// <summary>The agent is both payer and payer authorizer: vouchers are checked by plain ECDSA (the fast path).</summary>
    public static BoundChannel For(ChannelOffer offer, Address payer, PayerOptions options, int lane)
    {
        var config = new ChannelConfig(
            payer, payer, offer.PayTo, offer.ReceiverAuthorizer, offer.Asset, offer.WithdrawDelay, LaneSalt.For(options.ChannelSalt, lane));
        var domain = new BatchSettlementDomain(offer.ChainId, options.SettlementContract);
        return new BoundChannel(domain.ChannelId(config), config, domain, lane, offer);
    }

    public WireChannelConfig ToWire() => new()
    {
        Payer = Config.Payer.ToString(),
        PayerAuthorizer = Config.PayerAuthorizer.ToString(),
        Receiver = Config.Receiver.ToString(),
        ReceiverAuthorizer = Config.ReceiverAuthorizer.ToString(),
        Token = Config.Token.ToString(),
        WithdrawDelay = (long)Config.WithdrawDelay,
        Salt = Config.Salt.ToString(),
    };
}
