namespace Billing.Server.Chain;

/// <summary>
/// The watch on the ETH balance of the keys that send this server's transactions (deposits, refunds, claims): they pay
/// the gas, and an empty one stops settlement. Bound from configuration section "SenderBalance".
/// </summary>
public sealed class SenderBalanceOptions
{
    public const string Section = "SenderBalance";

    /// <summary>Below this balance, in wei, a warning is logged and the operator API reports the key as low. 0.01 ETH by default.</summary>
    public UInt128 LowBalanceWei { get; set; } = 10_000_000_000_000_000;

    /// <summary>How often the balances are read: on a schedule, never per request.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
