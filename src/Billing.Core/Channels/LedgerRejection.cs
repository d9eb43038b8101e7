namespace Billing.Core.Channels;

/// <summary>Why the ledger refused an operation. The HTTP layer maps each to an x402 error reason.</summary>
public enum LedgerRejection
{
    None = 0,

    /// <summary>No confirmed escrow for this channel.</summary>
    ChannelNotFound,

    /// <summary>The voucher's cumulative amount is not charged + open ceilings + this ceiling (and no catch-up applies).</summary>
    CumulativeAmountMismatch,

    /// <summary>The voucher does not exceed what was already claimed on chain.</summary>
    CumulativeBelowClaimed,

    /// <summary>The voucher exceeds the confirmed escrow.</summary>
    CumulativeExceedsBalance,

    /// <summary>Another request holds the channel (the official scheme allows one open reservation per channel).</summary>
    ChannelBusy,

    /// <summary>Commit or void named a request that holds no reservation.</summary>
    ReservationNotFound,

    /// <summary>The charge is above the reserved ceiling.</summary>
    ChargeExceedsCeiling,

    /// <summary>The request id was used before with different content.</summary>
    RequestIdConflict,

    /// <summary>The same payment is being served right now under this request id; it is not run a second time.</summary>
    RequestInProgress,

    /// <summary>The same payment was served and charged before; it buys no second execution.</summary>
    RequestAlreadyRedeemed,

    /// <summary>
    /// The voucher spends escrow that the payer's pending withdrawal takes, and the withdrawal may finalize before a claim
    /// of it could land.
    /// </summary>
    WithdrawalPending,
}
