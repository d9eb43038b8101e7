using Billing.Grains.Chain;
using Billing.Persistence.Exact;
using Billing.Server.Exact;
using Billing.X402;
using Billing.X402.Exact;
using Billing.X402.Facilitator;
using Billing.X402.Formats;
using Billing.X402.Matching;
using Billing.X402.Wire;
using Microsoft.Extensions.Options;

namespace Billing.Server.Facilitator;

/// <summary>
/// <c>/verify</c> and <c>/settle</c> for the <c>exact</c> scheme, on the resource server's own requirements: the same
/// verification as our paid routes, and the same once-only claim and transfer on settle. A late receipt answers
/// <c>settlement_pending</c> with the transaction, and the reconciler finishes it.
/// </summary>
internal sealed class ExactFacilitation(
    ExactVerifier verifier, ExactSettler settler, ExactSettlementStore store, TimeProvider time, IOptions<ChainOptions> chain)
{
    public static bool Handles(PaymentRequirements requirements) => requirements.Scheme == ExactScheme.Name;

    public async Task<VerifyResponse> VerifyAsync(int version, PaymentPayload payment, PaymentRequirements requirements, CancellationToken cancellationToken)
    {
        var (offer, verified) = await CheckAsync(version, payment, requirements, cancellationToken);
        return verified.Error is { } refusal
            ? FacilitatorReplies.Invalid(refusal)
            : new VerifyResponse { IsValid = true, Payer = verified.Authorization!.From.ToString() };
    }

    public async Task<SettlementResponse> SettleAsync(int version, PaymentPayload payment, PaymentRequirements requirements, CancellationToken cancellationToken)
    {
        var network = requirements.Network;
        var (offer, verified) = await CheckAsync(version, payment, requirements, cancellationToken);
        if (verified.Error is { } refusal)
        {
            return FacilitatorReplies.Failed(network, refusal);
        }

        var authorization = verified.Authorization!;
        var payer = authorization.From.ToString();
        var key = ExactClaims.Key(network, offer!, authorization);
        if (!await store.TryClaimAsync(key, DecimalString.Format(offer!.Price), offer.PayTo.ToString(), ExactClaims.Expiry(authorization), time.GetUtcNow(), cancellationToken))
        {
            return FacilitatorReplies.Failed(network, new X402Error(X402ErrorReasons.ExactEvmNonceAlreadyUsed, "this authorization was already presented"), payer: payer);
        }

        var outcome = await settler.SettleAsync(key, offer, authorization, verified.Signature!);
        return outcome.State switch
        {
            ExactTransferState.Settled => FacilitatorReplies.Settled(network, outcome.Transaction, payer, DecimalString.Format(offer.Price)),
            ExactTransferState.Pending => FacilitatorReplies.Failed(
                network, new X402Error(X402ErrorReasons.SettlementPending, "sent; the receipt is not seen yet"), outcome.Transaction, payer),
            _ => FacilitatorReplies.Failed(network, new X402Error(outcome.Reason!, outcome.Message!), outcome.Transaction, payer),
        };
    }

    private async Task<(ExactOffer? Offer, ExactVerification Verified)> CheckAsync(
        int version, PaymentPayload payment, PaymentRequirements requirements, CancellationToken cancellationToken)
    {
        if (version != X402Versions.V2 || payment.X402Version != X402Versions.V2)
        {
            return (null, ExactVerification.Refused(X402ErrorReasons.InvalidX402Version, "this facilitator speaks x402 version 2"));
        }

        if (!ExactRequirementsReader.Read(requirements, chain.Value.ChainId).TryGetValue(out var offer, out var unusable))
        {
            return (null, ExactVerification.Refused(unusable.Reason, unusable.Message));
        }

        if (!OfferMatcher.Matches(requirements, payment.Accepted))
        {
            return (null, ExactVerification.Refused(X402ErrorReasons.InvalidPaymentRequirements, "the accepted offer is not these requirements"));
        }

        return (offer, await verifier.VerifyAsync(payment, offer, cancellationToken));
    }
}
