using Billing.Core.Budgets;
using Billing.Evm;

namespace Billing.Client.Payments;

/// <summary>What an agent's owner allows it to pay, and how.</summary>
public sealed class PayerOptions
{
    /// <summary>The batch-settlement contract vouchers are signed for (the EIP-712 verifying contract).</summary>
    public Address SettlementContract { get; set; } = Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");

    /// <summary>
    /// Spend caps (per request, hour, day, channel) and the assets and networks the agent may pay in. The default allows
    /// nothing: an agent must be told what money it may spend.
    /// </summary>
    public SpendLimits Limits { get; set; } = new() { PerRequest = 0, AllowedAssets = [], AllowedNetworks = [] };

    /// <summary>Channel salt; one channel per (payTo, asset, authorizer) with the default zero salt.</summary>
    public Hash32 ChannelSalt { get; set; } = Hash32.Zero;
}
