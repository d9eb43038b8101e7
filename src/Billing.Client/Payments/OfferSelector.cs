using Billing.Core.Budgets;
using Billing.X402.Wire;

namespace Billing.Client.Payments;

/// <summary>
/// Picks the offer to pay from a 402: only offers the owner's limits allow (asset, network, per-request cap and the
/// periods' room at this moment), channels before <c>exact</c> unless the options prefer <c>exact</c>, and the first
/// such offer in the payee's order. The price is what the payee asked, never more: the payment is built from it.
/// </summary>
internal sealed class OfferSelector(SpendPolicy budget, PayerOptions options, TimeProvider time)
{
    public PaidOffer Select(PaymentRequired required)
    {
        ArgumentNullException.ThrowIfNull(required);
        SpendDecision? firstDenial = null;
        var channel = FirstAllowed(OfferReader.ChannelOffers(required), ref firstDenial);
        var exact = options.Exact == ExactSchemeUse.Never ? null : FirstAllowed(OfferReader.ExactOffers(required), ref firstDenial);

        PaidOffer? chosen = options.Exact == ExactSchemeUse.Preferred ? (PaidOffer?)exact ?? channel : (PaidOffer?)channel ?? exact;
        return chosen ?? throw new PaymentDeclinedException(firstDenial?.Reason ?? NoOfferReason());
    }

    private string NoOfferReason() => options.Exact == ExactSchemeUse.Never
        ? "No batch-settlement offer this agent can pay."
        : "No batch-settlement or exact offer this agent can pay.";

    private T? FirstAllowed<T>(IEnumerable<T> offers, ref SpendDecision? firstDenial)
        where T : PaidOffer
    {
        foreach (var offer in offers)
        {
            var decision = budget.Evaluate(new ProposedSpend(offer.Price, offer.Requirements.Asset, offer.Requirements.Network), time.GetUtcNow());
            if (decision.IsAllowed)
            {
                return offer;
            }

            firstDenial ??= decision;
        }

        return null;
    }
}
