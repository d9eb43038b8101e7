using Billing.X402.BatchSettlement;
using Billing.X402.Wire;

namespace Billing.Server.Facilitator;

/// <summary>
/// A <c>/verify</c> or <c>/settle</c> body that passed the envelope checks: x402 v2, the batch-settlement scheme on this
/// chain, and a payload of a type the endpoint handles, in canonical form.
/// </summary>
internal sealed record FacilitatorRequest(
    PaymentPayload Payment, PaymentRequirements Requirements, BatchSettlementPayload Payload, RequirementTerms Terms)
{
    public string Network => Requirements.Network;
}
