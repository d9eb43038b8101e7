namespace Billing.X402.BatchSettlement;

/// <summary>
/// The channel state the server reports (<c>extra.channelState</c> of a receipt or corrective 402; a facilitator's
/// verify <c>extra</c> has the same fields without <see cref="ChargedCumulativeAmount"/>). Amounts and the refund nonce
/// are decimal strings; <see cref="WithdrawRequestedAt"/> is a JSON number of chain seconds (0 = no withdrawal pending).
/// </summary>
public sealed record ChannelStateExtra
{
    /// <summary>Always present: the reference client cannot use a channel state without it (x402 #2404).</summary>
    public required string ChannelId { get; init; }

    public required string Balance { get; init; }

    public required string TotalClaimed { get; init; }

    public required long WithdrawRequestedAt { get; init; }

    /// <summary>uint256 decimal string.</summary>
    public required string RefundNonce { get; init; }

    /// <summary>Written by the server (never by a facilitator): the total charged on this channel so far.</summary>
    public string? ChargedCumulativeAmount { get; init; }
}
