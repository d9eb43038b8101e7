using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.Server.Exact;

/// <summary>The PAYMENT-RESPONSE of an <c>exact</c> payment, settled or pending, and the 402 when settlement failed.</summary>
internal static class ExactReplies
{
    /// <summary>
    /// Settled: success with the transaction. Pending: the handler's answer stands, and the receipt says
    /// <c>settlement_pending</c> with the transaction to watch (non-terminal: the server finishes it).
    /// </summary>
    public static void AddReceipt(HttpContext context, string receiptHeader, string network, ExactOffer offer, string payer, ExactTransferOutcome outcome)
    {
        var pending = outcome.State == ExactTransferState.Pending;
        var receipt = new SettlementResponse
        {
            Success = !pending,
            ErrorReason = pending ? X402ErrorReasons.SettlementPending : null,
            Transaction = outcome.Transaction,
            Network = PaymentReplies.ReceiptNetwork(receiptHeader, network),
            Payer = payer.ToLowerInvariant(),
            Amount = DecimalString.Format(offer.Price),
        };
        context.Response.Headers[receiptHeader] = PaymentHeaderCodec.Default.EncodePaymentResponse(receipt);
    }

    /// <summary>Settlement failed after the handler ran: its output is withheld, as the reference server does.</summary>
    public static Task SettlementFailedAsync(HttpContext context, string receiptHeader, string network, string payer, ExactTransferOutcome outcome)
    {
        var receipt = new SettlementResponse
        {
            Success = false,
            ErrorReason = outcome.Reason,
            ErrorMessage = outcome.Message,
            Transaction = outcome.Transaction,
            Network = PaymentReplies.ReceiptNetwork(receiptHeader, network),
            Payer = payer.ToLowerInvariant(),
        };
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status402PaymentRequired;
        response.Headers[receiptHeader] = PaymentHeaderCodec.Default.EncodePaymentResponse(receipt);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json";
        return response.WriteAsync(Payments.PaymentReplies.ErrorBody(outcome.Reason, outcome.Message ?? "settlement failed"));
    }
}
