namespace Billing.X402.BatchSettlement;

/// <summary>
/// The immutable terms of a channel; its EIP-712 hash is the <c>channelId</c> (computed by the EVM layer).
/// <see cref="WithdrawDelay"/> is a JSON number (uint40 on chain); <see cref="Salt"/> is bytes32 hex.
/// </summary>
public sealed record ChannelConfig
{
    public required string Payer { get; init; }

    /// <summary>The key that signs vouchers; the zero address means the payer itself signs (EIP-1271 allowed).</summary>
    public required string PayerAuthorizer { get; init; }

    public required string Receiver { get; init; }

    public required string ReceiverAuthorizer { get; init; }

    public required string Token { get; init; }

    public required long WithdrawDelay { get; init; }

    public required string Salt { get; init; }
}
