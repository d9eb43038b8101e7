namespace Billing.X402.Http;

/// <summary>
/// The last server-sent event of a paid event stream, and its JSON fields. A receipt header goes out before the stream
/// body, when only the reserved ceiling is known; this event states what the stream was actually charged and the
/// channel's state after the charge, so an agent can sign its next voucher from the real total. Amounts are decimal
/// strings of atomic units. A stream whose charge could not be committed carries <see cref="Error"/> instead.
/// </summary>
public static class StreamChargeEvent
{
    public const string Name = "x402-charge";

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
