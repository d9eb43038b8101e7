namespace Billing.X402.BatchSettlement;

/// <summary>
/// A signed Permit2 <c>permitWitnessTransferFrom</c> with witness <c>DepositWitness(bytes32 channelId)</c>.
/// <see cref="Nonce"/> and <see cref="Deadline"/> are uint256 decimal strings.
/// </summary>
public sealed record Permit2DepositAuthorization
{
    public required string From { get; init; }

    public required Permit2TokenAmount Permitted { get; init; }

    /// <summary>Must be <see cref="BatchSettlementScheme.Permit2DepositCollectorAddress"/>.</summary>
    public required string Spender { get; init; }

    public required string Nonce { get; init; }

    public required string Deadline { get; init; }

    public required Permit2DepositWitness Witness { get; init; }

    public required string Signature { get; init; }
}
