using Billing.Abstractions.Channels;
using Billing.X402;

namespace Billing.Server.Payments;

/// <summary>How a channel's refusal reaches the payer: the x402 reason, the HTTP status, and whether it is corrective.</summary>
internal static class RejectionReasons
{
    public static (string Reason, int Status, string Message) For(PaymentRejection rejection) => rejection switch
    {
        PaymentRejection.ChannelNotFound => (X402ErrorReasons.BatchChannelNotFound, 402, "the channel has no confirmed deposit"),
        PaymentRejection.CumulativeAmountMismatch => (X402ErrorReasons.BatchCumulativeAmountMismatch, 402, "the voucher must equal the charged total plus this price"),
        PaymentRejection.CumulativeBelowClaimed => (X402ErrorReasons.BatchCumulativeBelowClaimed, 402, "the voucher does not exceed what was already claimed"),
        PaymentRejection.CumulativeExceedsBalance => (X402ErrorReasons.BatchCumulativeExceedsBalance, 402, "the voucher exceeds the channel's confirmed balance"),
        PaymentRejection.ChannelBusy => (X402ErrorReasons.BatchChannelBusy, 402, "another request on this channel is in progress"),
        // The channel exists; this request's reservation does not (it lapsed, or its silo died and the channel moved).
        // Nothing was charged and the channel's total did not move: the same payment may be sent again.
        PaymentRejection.ReservationNotFound => (X402ErrorReasons.BatchVerificationStateUnavailable, 402, "this request's reservation lapsed or was lost when its silo failed; nothing was charged, send the payment again"),
        PaymentRejection.ChargeExceedsCeiling => (X402ErrorReasons.BatchChargeExceedsSignedCumulative, 402, "the charge exceeds the signed voucher"),
        PaymentRejection.RequestIdConflict => (PaymentReplies.PaymentIdentifierConflict, 409, "this payment identifier was used with a different payment"),
        PaymentRejection.InvalidSignature => (X402ErrorReasons.BatchVoucherSignature, 402, "the voucher is not signed by the channel's payer authorizer"),
        PaymentRejection.AuthorizerNotSupported => (X402ErrorReasons.BatchAuthorizerNotConfigured, 402, "channels without a payer authorizer (EIP-1271 payers) are not supported"),
        PaymentRejection.RequestInProgress => (PaymentReplies.PaymentInProgress, 409, "this payment is being served by an earlier request; retry for its answer"),
        PaymentRejection.RequestAlreadyRedeemed => (PaymentReplies.PaymentAlreadyRedeemed, 409, "this payment was already redeemed and its answer is not kept; pay again with a new voucher"),
        PaymentRejection.ChainStateUnavailable => (X402ErrorReasons.BatchVerificationStateUnavailable, 402, "the channel's on-chain state could not be read; retry"),

        // The scheme has no reason of its own for this; the payer's spendable balance is what falls short, and a deposit
        // (which the withdrawal cannot take) makes the voucher acceptable again.
        PaymentRejection.WithdrawalPending => (X402ErrorReasons.BatchInsufficientBalance, 402, "a withdrawal is pending on this channel and finalizes too soon for this voucher to be claimed: only escrow the withdrawal leaves behind can be spent"),
        _ => (X402ErrorReasons.InvalidPayload, 402, "payment refused"),
    };

    /// <summary>Refusals after which the payer should adopt our channel state (the corrective 402 of the scheme).</summary>
    public static bool IsCorrective(PaymentRejection rejection) =>
        rejection is PaymentRejection.CumulativeAmountMismatch or PaymentRejection.CumulativeBelowClaimed;
}
