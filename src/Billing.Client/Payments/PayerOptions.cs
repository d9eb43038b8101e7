using Billing.Client.Channels;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.X402.BatchSettlement;

namespace Billing.Client.Payments;

/// <summary>What an agent's owner allows it to pay, and how.</summary>
public sealed class PayerOptions
{
    /// <summary>The batch-settlement contract vouchers are signed for (the EIP-712 verifying contract).</summary>
    public Address SettlementContract { get; set; } = Address.Parse(BatchSettlementScheme.SettlementContractAddress);

    /// <summary>
    /// The ERC-3009 deposit collector a deposit authorization pays into (the signed <c>to</c>). The canonical address
    /// unless the chain has the collector elsewhere (a local deployment).
    /// </summary>
    public Address Erc3009DepositCollector { get; set; } = Address.Parse(BatchSettlementScheme.Erc3009DepositCollectorAddress);

    /// <summary>
    /// Spend caps (per request, hour, day, channel) and the assets and networks the agent may pay in. The default allows
    /// nothing: an agent must be told what money it may spend. Caps count what requests cost (the voucher increments
    /// and <c>exact</c> payments), not deposits: a deposit is escrow the agent can take back, and is capped by
    /// <see cref="MaxDeposit"/> instead. A price is counted when the agent signs for it, before the payee answers, so a
    /// payment the payee then refuses still counts: the caps err on the side of spending less.
    /// </summary>
    public SpendLimits Limits { get; set; } = new() { PerRequest = 0, AllowedAssets = [], AllowedNetworks = [] };

    /// <summary>Base channel salt; one channel per (payTo, asset, authorizer) with the default zero salt.</summary>
    public Hash32 ChannelSalt { get; set; } = Hash32.Zero;

    /// <summary>
    /// The most one deposit (opening or topping up a channel) may lock up. <c>null</c> caps it at
    /// <see cref="DepositMultiplier"/> × the per-request cap when there is one, and leaves it uncapped otherwise. A
    /// request that needs more than the cap is declined.
    /// </summary>
    public UInt128? MaxDeposit { get; set; }

    /// <summary>
    /// How many requests' worth to deposit when the offer names no usable <c>minDeposit</c> (at least 1). Larger deposits
    /// mean fewer deposit transactions and more escrow locked up.
    /// </summary>
    public int DepositMultiplier { get; set; } = 5;

    /// <summary>Concurrent requests to one payee: queued on one channel, or spread over several salted channels.</summary>
    public ConcurrencyMode Concurrency { get; set; } = ConcurrencyMode.Queue;

    /// <summary>When the one-off <c>exact</c> scheme (an ERC-3009 transfer per request) may be used.</summary>
    public ExactSchemeUse Exact { get; set; } = ExactSchemeUse.WhenNoChannelOffer;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Limits);
        ArgumentNullException.ThrowIfNull(Concurrency);
        if (DepositMultiplier < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DepositMultiplier), DepositMultiplier, "A deposit covers at least one request.");
        }

        if (!Enum.IsDefined(Exact))
        {
            throw new ArgumentOutOfRangeException(nameof(Exact), Exact, "Unknown exact scheme use.");
        }
    }
}
