namespace Billing.Abstractions.Channels;

/// <summary>Why a channel refused a payment; the HTTP layer maps each value to an x402 error reason.</summary>
[GenerateSerializer, Alias("billing.payment-rejection")]
public enum PaymentRejection
{
    None = 0,
    ChannelNotFound,
    CumulativeAmountMismatch,
    CumulativeBelowClaimed,
    CumulativeExceedsBalance,
    ChannelBusy,
    ReservationNotFound,
    ChargeExceedsCeiling,
    RequestIdConflict,
    InvalidSignature,
    AuthorizerNotSupported,
    ChainStateUnavailable,

    /// <summary>The same payment (request id and voucher) is still being served; a copy does not run.</summary>
    RequestInProgress,

    /// <summary>The same payment was served and charged before; a copy gets the stored answer or this refusal.</summary>
    RequestAlreadyRedeemed,

    /// <summary>The voucher spends escrow the payer's pending withdrawal takes, too close to its deadline to be claimed.</summary>
    WithdrawalPending,
}
