using System.Globalization;
using System.Text.Json;
using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Json;
using Billing.X402.Wire;
using Microsoft.AspNetCore.Http.Extensions;

namespace Billing.Server.Payments;

/// <summary>Writes the x402 answers: 402 challenges (plain and corrective), 400s for malformed payments, receipts.</summary>
internal static class PaymentReplies
{
    public static Task ChallengeAsync(HttpContext context, Offer offer, string? error, string message, int status = 402, ChannelView? corrective = null)
    {
        var requirements = corrective is null ? offer.Requirements : WithChannelState(offer, corrective);
        return ChallengeAsync(context, [requirements, .. offer.OtherAccepts], offer.Extensions, error, message, status);
    }

    /// <summary>A 402 listing <paramref name="accepts"/> in the v2 header and, for v1 clients, in the body.</summary>
    public static Task ChallengeAsync(
        HttpContext context, IReadOnlyList<PaymentRequirements> accepts, IReadOnlyDictionary<string, JsonElement>? extensions, string? error, string message, int status = 402)
    {
        var required = new PaymentRequired
        {
            X402Version = 2,
            Error = error ?? "payment required",
            Resource = new ResourceInfo { Url = context.Request.Path.Value ?? "/", Description = null },
            Accepts = accepts,
            Extensions = extensions,
        };
        var response = context.Response;
        response.StatusCode = status;
        response.Headers[X402Headers.PaymentRequired] = PaymentHeaderCodec.Default.EncodePaymentRequired(required);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json";

        // v2 clients read the header; v1 clients read these requirements from the body.
        var v1 = new PaymentRequiredV1
        {
            X402Version = 1,
            Error = error ?? $"{X402Headers.XPayment} header is required",
            Accepts = V1Accepts(context, accepts),
        };
        return response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(v1, X402JsonContext.Default.PaymentRequiredV1)).AsTask();
    }

    /// <summary>
    /// The offers a v1 client can take, as the v1 schema has them: the v1 client validates every offer of the body and
    /// gives up on the first it cannot parse, and v1 knows only the <c>exact</c> scheme on named networks
    /// (<see cref="V1Networks"/>), with an absolute resource URL and a MIME type. Other offers are left out (they stay
    /// in the v2 header), so a route offering only channels, or a chain without a v1 name, lists none.
    /// </summary>
    private static List<PaymentRequirementsV1> V1Accepts(HttpContext context, IReadOnlyList<PaymentRequirements> accepts)
    {
        var v1 = new List<PaymentRequirementsV1>(accepts.Count);
        string? resource = null;
        foreach (var requirements in accepts)
        {
            if (requirements.Scheme != ExactScheme.Name || !V1Networks.TryFromCaip2(requirements.Network, out var network))
            {
                continue;
            }

            v1.Add(new PaymentRequirementsV1
            {
                Scheme = requirements.Scheme,
                Network = network,
                MaxAmountRequired = requirements.Amount,
                Asset = requirements.Asset,
                PayTo = requirements.PayTo,
                Resource = resource ??= context.Request.GetEncodedUrl(),
                Description = "",

                // Every paid route of this server answers JSON (a metered stream only when the request asks for one).
                MimeType = "application/json",
                MaxTimeoutSeconds = requirements.MaxTimeoutSeconds,
                Extra = requirements.Extra,
            });
        }

        return v1;
    }

    /// <summary>409: a payment identifier came back with a different payment.</summary>
    public static Task ConflictAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(ErrorBody(PaymentIdentifierConflict, message));
    }

    /// <summary>The payment-identifier extension defines the 409 but names no reason; this is ours.</summary>
    public const string PaymentIdentifierConflict = "payment_identifier_conflict";

    /// <summary>A copy of a payment arrived while the first was still being served: it does not run a second time.</summary>
    public const string PaymentInProgress = "payment_in_progress";

    /// <summary>A copy of a payment that was served and charged, whose answer is not kept (streams, large or expired answers).</summary>
    public const string PaymentAlreadyRedeemed = "payment_already_redeemed";

    public static Task MalformedAsync(HttpContext context, X402Error error)
    {
        context.Response.StatusCode = 400;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(ErrorBody(error.Reason, error.Message));
    }

    /// <summary>
    /// The receipt of a paid request. A voucher has no transaction of its own (transaction and amount are ""); a request
    /// that opened or topped up the channel names the deposit's transaction and amount.
    /// </summary>
    public static void AddReceipt(
        HttpContext context, string receiptHeader, string network, string payer, UInt128 charged, ChannelView channel, DepositOutcome? deposit = null)
    {
        var extra = new BatchSettlementResponseExtra
        {
            ChargedAmount = charged.ToString(CultureInfo.InvariantCulture),
            ChannelState = ToChannelState(channel),
        };
        var receipt = new SettlementResponse
        {
            Success = true,
            Transaction = deposit?.Transaction ?? "",
            Network = ReceiptNetwork(receiptHeader, network),
            Payer = payer.ToLowerInvariant(),
            Amount = deposit is null ? "" : deposit.Amount.ToString(CultureInfo.InvariantCulture),
            Extra = BatchSettlementExtra.ToJsonElement(extra),
        };
        context.Response.Headers[receiptHeader] = PaymentHeaderCodec.Default.EncodePaymentResponse(receipt);
    }

    /// <summary>A refund's answer: 200 with the refund transaction and amount, and the channel as it is after it.</summary>
    public static Task RefundedAsync(HttpContext context, string receiptHeader, string network, string payer, RefundOutcome refund)
    {
        var extra = new BatchSettlementResponseExtra { ChannelState = refund.Channel is null ? null : ToChannelState(refund.Channel) };
        var receipt = new SettlementResponse
        {
            Success = true,
            Transaction = refund.Transaction!,
            Network = ReceiptNetwork(receiptHeader, network),
            Payer = payer.ToLowerInvariant(),
            Amount = refund.Amount.ToString(CultureInfo.InvariantCulture),
            Extra = BatchSettlementExtra.ToJsonElement(extra),
        };
        context.Response.StatusCode = 200;
        context.Response.Headers[receiptHeader] = PaymentHeaderCodec.Default.EncodePaymentResponse(receipt);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["message"] = "refunded",
            ["channelId"] = refund.Channel?.ChannelId,
        }));
    }

    /// <summary>Replays the answer stored for a payment identifier: the same status, receipt and body as the first time.</summary>
    public static Task ReplayAsync(HttpContext context, PaidAnswer answer, string receiptHeader)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        if (answer.PaymentResponse is not null)
        {
            context.Response.Headers[receiptHeader] = answer.PaymentResponse;
        }

        context.Response.ContentLength = answer.Body.Length;
        return context.Response.Body.WriteAsync(answer.Body).AsTask();
    }

    /// <summary>A v1 receipt (<c>X-PAYMENT-RESPONSE</c>) names its network the v1 way (<c>base-sepolia</c>) where v1 has a name.</summary>
    public static string ReceiptNetwork(string receiptHeader, string network) =>
        receiptHeader == X402Headers.XPaymentResponse && V1Networks.TryFromCaip2(network, out var name) ? name : network;

    public static ChannelStateExtra ToChannelState(ChannelView channel) => new()
    {
        ChannelId = channel.ChannelId,
        Balance = channel.Balance.ToString(CultureInfo.InvariantCulture),
        TotalClaimed = channel.TotalClaimed.ToString(CultureInfo.InvariantCulture),
        WithdrawRequestedAt = checked((long)channel.WithdrawRequestedAt),
        RefundNonce = channel.RefundNonce.ToString(CultureInfo.InvariantCulture),
        ChargedCumulativeAmount = channel.ChargedCumulative.ToString(CultureInfo.InvariantCulture),
    };

    private static PaymentRequirements WithChannelState(Offer offer, ChannelView channel)
    {
        var extra = offer.Extra with
        {
            ChannelState = ToChannelState(channel),
            VoucherState = channel.Signature is null
                ? null
                : new VoucherStateExtra
                {
                    SignedMaxClaimable = channel.SignedMaxClaimable.ToString(CultureInfo.InvariantCulture),
                    Signature = Hex.Encode(channel.Signature),
                },
        };
        return offer.Requirements with { Extra = BatchSettlementExtra.ToJsonElement(extra) };
    }

    internal static string ErrorBody(string? error, string message) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["x402Version"] = 2,
            ["error"] = error,
            ["message"] = message,
        });
}
