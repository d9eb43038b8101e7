namespace Billing.X402.Exact;

/// <summary>
/// The signed ERC-3009 transfer: numbers are decimal strings, <see cref="Nonce"/> a random bytes32 hex.
/// </summary>
public sealed record TransferAuthorization
{
    public required string From { get; init; }

    public required string To { get; init; }

    public required string Value { get; init; }

    public required string ValidAfter { get; init; }

    public required string ValidBefore { get; init; }

    public required string Nonce { get; init; }
}
