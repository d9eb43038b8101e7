namespace Billing.Core.Budgets;

/// <summary>
/// The caps an agent's owner sets on what the agent may pay, in atomic units of the asset. A <c>null</c> cap or set
/// means "no limit".
/// </summary>
public sealed record SpendLimits
{
    /// <summary>The most one payment may be.</summary>
    public UInt128? PerRequest { get; init; }

    /// <summary>The most all payments within one fixed UTC hour may add up to.</summary>
    public UInt128? PerHour { get; init; }

    /// <summary>The most all payments within one fixed UTC day may add up to.</summary>
    public UInt128? PerDay { get; init; }

    /// <summary>The most all payments through one payment channel may add up to (its highest voucher, in effect).</summary>
    public UInt128? PerChannel { get; init; }

    /// <summary>Asset (token contract) addresses the agent may pay with, compared case-insensitively.</summary>
    public IReadOnlyCollection<string>? AllowedAssets { get; init; }

    /// <summary>Networks (CAIP-2 ids such as <c>eip155:8453</c>) the agent may pay on, compared case-insensitively.</summary>
    public IReadOnlyCollection<string>? AllowedNetworks { get; init; }
}
