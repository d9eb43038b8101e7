namespace Billing.X402.Http;

/// <summary>
/// The charge line that closes a paid event stream, and its JSON fields. A receipt header goes out before the stream
/// body, when only the reserved ceiling is known; this line states what the stream was actually charged and the
/// channel's state after the charge, so an agent can sign its next voucher from the real total. Amounts are decimal
/// strings of atomic units. A stream whose charge could not be committed carries <see cref="Error"/> instead.
/// </summary>
/// <remarks>
/// It is an SSE comment, <c>: x402-charge {json}</c> on one line, not a named event: OpenAI-compatible clients (the
/// <c>openai</c> SDK, the AI SDK) ignore event names and would take a named event's data for a completion chunk,
/// while every SSE parser skips comments.
/// </remarks>
public static class StreamChargeEvent
{
    public const string Name = "x402-charge";

    /// <summary>The start of the comment line that carries the charge: the JSON follows it on the same line.</summary>
    public const string CommentPrefix = ": " + Name + " ";

    public const string ChannelId = "channelId";

    /// <summary>What this request was charged.</summary>
    public const string ChargedAmount = "chargedAmount";

    /// <summary>The channel's charged total after this request: the basis of the next voucher.</summary>
    public const string ChargedCumulativeAmount = "chargedCumulativeAmount";

    /// <summary>The channel's confirmed escrow.</summary>
    public const string Balance = "balance";

    /// <summary>Escrow not yet charged.</summary>
    public const string RemainingBalance = "remainingBalance";

    public const string Error = "error";
}
