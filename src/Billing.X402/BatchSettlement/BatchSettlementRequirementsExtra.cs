namespace Billing.X402.BatchSettlement;

/// <summary>
/// Typed view of a batch-settlement offer's <c>extra</c>. <see cref="Name"/> and <see cref="Version"/> are the
/// token's EIP-712 domain (for the ERC-3009 deposit signature). <see cref="MinDeposit"/> is optional in the reference
/// types but always written by the reference server; <see cref="ChannelState"/> and <see cref="VoucherState"/> appear
/// only in a corrective 402.
/// </summary>
public sealed record BatchSettlementRequirementsExtra
{
    public required string ReceiverAuthorizer { get; init; }

    /// <summary>Seconds, a JSON number in [900, 2 592 000].</summary>
    public required long WithdrawDelay { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    /// <summary>uint128 decimal string.</summary>
    public string? MinDeposit { get; init; }

    /// <summary><see cref="AssetTransferMethods"/>; absent means ERC-3009.</summary>
    public string? AssetTransferMethod { get; init; }

    public ChannelStateExtra? ChannelState { get; init; }

    public VoucherStateExtra? VoucherState { get; init; }
}
