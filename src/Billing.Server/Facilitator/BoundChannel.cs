using Billing.Evm;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.Server.Facilitator;

/// <summary>A payer's channel bound to the offer it answers: its id on this chain and its contract terms.</summary>
internal sealed record BoundChannel(Hash32 ChannelId, EvmChannelConfig Config);
