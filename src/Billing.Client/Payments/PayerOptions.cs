using Billing.Evm;

namespace Billing.Client.Payments;

/// <summary>What an agent's owner allows it to pay, and how.</summary>
public sealed class PayerOptions
{
    /// <summary>The batch-settlement contract vouchers are signed for (the EIP-712 verifying contract).</summary>
    public Address SettlementContract { get; set; } = Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");

    /// <summary>Tokens the agent may pay in. Empty: none (an agent must be told what money it may spend).</summary>
    public ISet<Address> AllowedAssets { get; } = new HashSet<Address>();

    /// <summary>CAIP-2 networks the agent may pay on, e.g. "eip155:8453".</summary>
    public ISet<string> AllowedNetworks { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The most one request may cost, in atomic units. An offer above it is declined, never partly paid.</summary>
    public UInt128 MaxAmountPerRequest { get; set; } = 10_000;

    /// <summary>Channel salt; one channel per (payTo, asset, authorizer) with the default zero salt.</summary>
    public Hash32 ChannelSalt { get; set; } = Hash32.Zero;
}
