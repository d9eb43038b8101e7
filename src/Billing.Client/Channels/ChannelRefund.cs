using Billing.Evm;

namespace Billing.Client.Channels;

/// <summary>Unspent escrow the payee returned from one of the agent's channels.</summary>
/// <param name="ChannelId">The channel refunded.</param>
/// <param name="Amount">Atomic units sent back to the payer.</param>
/// <param name="Transaction">The refund transaction's hash.</param>
public sealed record ChannelRefund(Hash32 ChannelId, UInt128 Amount, string Transaction);
