namespace Billing.X402.BatchSettlement;

/// <summary>
/// A signed ERC-3009 <c>ReceiveWithAuthorization</c> to the ERC-3009 deposit collector. The token nonce is derived
/// on chain as keccak256(abi.encode(channelId, salt)); <see cref="Salt"/> is fresh per deposit, unrelated to the
/// channel salt. Times are uint256 decimal strings (the reference client sends <c>validAfter: "0"</c>).
/// </summary>
public sealed record Erc3009DepositAuthorization
{
    public required string ValidAfter { get; init; }

    public required string ValidBefore { get; init; }

    public required string Salt { get; init; }

    public required string Signature { get; init; }
}
