namespace Billing.X402.BatchSettlement;

/// <summary>The <c>deposit</c> object of a deposit payload: how much to add and the payer's transfer authorization.</summary>
public sealed record ChannelDeposit
{
    /// <summary>uint128 decimal string.</summary>
    public required string Amount { get; init; }

    public required DepositAuthorization Authorization { get; init; }
}
