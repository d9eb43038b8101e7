using Billing.Persistence.Exact;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.Exact;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Matching;
using Billing.X402.Wire;

namespace Billing.Server.Exact;

/// <summary>
/// The <c>exact</c> scheme on a paid route: verify the ERC-3009 authorization, claim it so it can be used once, run the
/// handler with its output held back, and only when the handler succeeded (status below 400) send the transfer and
/// answer with PAYMENT-RESPONSE. A refused payment never reaches the handler; a failed handler spends nothing.
/// </summary>
public sealed class ExactPayments(
    ExactOffers offers,
    ExactVerifier verifier,
    ExactSettler settler,
    ExactSettlementStore store,
    PaymentRateLimits limits,
    TimeProvider time)
{
    /// <summary>The batch-settlement offer of a route that offers both schemes, with the <c>exact</c> offer listed after it.</summary>
    public Offer Alongside(Offer channelOffer) => offers.Alongside(channelOffer);

    /// <summary>A route that offers <c>exact</c> only: the challenge, the decoding and the payment are all here.</summary>
    public async Task InvokeAsync(HttpContext context, UInt128 price, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        var offer = offers.For(price);
        IReadOnlyList<PaymentRequirements> accepts = [offer.Requirements];
        var header = PaymentHeader.Read(context.Request);
        if (header.IsMissing)
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(context, accepts, null, null, $"send a {X402Headers.PaymentSignature} header"));
            return;
        }

        if (!header.TryDecode(offer.Requirements, out var payment, out var decodeError))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.MalformedAsync(context, decodeError));
            return;
        }

        await PayAsync(context, price, payment, header.ReceiptHeader, accepts, next);
    }

    /// <summary>
    /// Pays with a decoded <c>exact</c> payment. <paramref name="accepts"/> is what the route offers, repeated in every
    /// refusal so that the payer can choose again.
    /// </summary>
    public async Task PayAsync(
        HttpContext context, UInt128 price, PaymentPayload payment, string receiptHeader, IReadOnlyList<PaymentRequirements> accepts, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(next);
        var offer = offers.For(price);
        if (!Matches(offer, payment))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(
                context, accepts, null, X402ErrorReasons.InvalidPaymentRequirements, "the accepted offer is not one this route makes"));
            return;
        }

        // Verification reads the chain (balance, nonce state): the client's unpaid budget pays for it up front, and gets it
        // back only when the authorization is verified and claimed.
        if (limits.Unpaid(context) is { IsAllowed: false } spent)
        {
            await PaymentRateLimits.RefuseAsync(context, spent);
            return;
        }

        var verified = await verifier.VerifyAsync(payment, offer, context.RequestAborted);
        if (verified.Error is { } refusal)
        {
            await (verified.IsMalformed
                ? PaymentReplies.MalformedAsync(context, refusal)
                : PaymentReplies.ChallengeAsync(context, accepts, null, refusal.Reason, refusal.Message));
            return;
        }

        var authorization = verified.Authorization!;
        var payer = authorization.From.ToString();
        var key = ExactClaims.Key(offers.Network, offer, authorization);
        if (!await store.TryClaimAsync(key, DecimalString.Format(offer.Price), offer.PayTo.ToString(), ExactClaims.Expiry(authorization), time.GetUtcNow(), context.RequestAborted))
        {
            // The same authorization is in flight in another request, or was already taken: it is executed at most once.
            await PaymentReplies.ChallengeAsync(context, accepts, null, X402ErrorReasons.ExactEvmNonceAlreadyUsed, "this authorization was already presented");
            return;
        }

        limits.Accepted(context);

        var served = await ExactHandlerRun.RunAsync(context, next, () => store.ReleaseAsync(key));
        if (served is null)
        {
            return;
        }

        var outcome = await settler.SettleAsync(key, offer, authorization, verified.Signature!);
        if (outcome.State == ExactTransferState.Failed)
        {
            await ExactReplies.SettlementFailedAsync(context, receiptHeader, offers.Network, payer, outcome);
            return;
        }

        ExactReplies.AddReceipt(context, receiptHeader, offers.Network, offer, payer, outcome);
        await served.FlushAsync(context);
    }

    /// <summary>v2 payloads must repeat the offer exactly; v1 payloads name only scheme and network.</summary>
    private bool Matches(ExactOffer offer, PaymentPayload payment) => payment.X402Version == 1
        ? payment.Accepted.Scheme == ExactScheme.Name && payment.Accepted.Network == offers.Network
        : OfferMatcher.Matches(offer.Requirements, payment.Accepted);

    private Task RefuseUnpaidAsync(HttpContext context, Func<Task> reply)
    {
        var decision = limits.Unpaid(context);
        return decision.IsAllowed ? reply() : PaymentRateLimits.RefuseAsync(context, decision);
    }
}
