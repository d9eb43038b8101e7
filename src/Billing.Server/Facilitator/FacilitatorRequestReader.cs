using System.Text.Json;
using Billing.Grains.Chain;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Facilitator;
using Billing.X402.Formats;
using Billing.X402.Json;
using Billing.X402.Wire;
using Microsoft.Extensions.Options;

namespace Billing.Server.Facilitator;

/// <summary>
/// Reads a <c>/verify</c> or <c>/settle</c> body at the trust boundary (strict JSON, no exception escapes) and applies
/// the envelope checks the reference facilitator makes before any chain work: version, a scheme and network it serves,
/// an <c>accepted</c> offer of the same scheme and network, a payload of a type this endpoint handles in canonical form.
/// </summary>
internal sealed class FacilitatorRequestReader(IOptions<ChainOptions> chain)
{
    /// <summary>Large enough for a claim batch of a few hundred rows; anything bigger is refused unread.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public string Network { get; } = Caip2.FormatEip155(chain.Value.ChainId);

    /// <summary>A <c>/verify</c> body; a failure here means the body is not a verify request at all (HTTP 400).</summary>
    public static X402Result<VerifyRequest> ParseVerify(ReadOnlySpan<byte> body) =>
        StrictJson.Deserialize(body, X402JsonContext.Default.VerifyRequest, X402ErrorReasons.InvalidPayload);

    /// <summary>A <c>/settle</c> body; a failure here means the body is not a settle request at all (HTTP 400).</summary>
    public static X402Result<SettleRequest> ParseSettle(ReadOnlySpan<byte> body) =>
        StrictJson.Deserialize(body, X402JsonContext.Default.SettleRequest, X402ErrorReasons.InvalidPayload);

    /// <summary>The envelope of a verify request, carrying a client payload (deposit, voucher, refund).</summary>
    public X402Result<FacilitatorRequest> Check(VerifyRequest request) =>
        Check(request.X402Version, request.PaymentPayload, request.PaymentRequirements, BatchSettlementPayloadReader.ReadClientPayload);

    /// <summary>The envelope of a settle request: a deposit, or the server-authored claim, settle and enriched refund.</summary>
    public X402Result<FacilitatorRequest> Check(SettleRequest request) =>
        Check(request.X402Version, request.PaymentPayload, request.PaymentRequirements, BatchSettlementPayloadReader.ReadSettlePayload);

    private X402Result<FacilitatorRequest> Check(
        int version, PaymentPayload payment, PaymentRequirements requirements, Func<JsonElement, X402Result<BatchSettlementPayload>> readPayload)
    {
        if (version != X402Versions.V2 || payment.X402Version != X402Versions.V2)
        {
            return new X402Error(X402ErrorReasons.InvalidX402Version, "this facilitator speaks x402 version 2");
        }

        if (!string.Equals(requirements.Scheme, BatchSettlementScheme.Name, StringComparison.Ordinal))
        {
            return new X402Error(X402ErrorReasons.UnsupportedScheme, $"this facilitator settles the {BatchSettlementScheme.Name} scheme only");
        }

        if (!string.Equals(requirements.Network, Network, StringComparison.Ordinal))
        {
            return new X402Error(X402ErrorReasons.InvalidNetwork, $"this facilitator settles on {Network} only");
        }

        if (!string.Equals(payment.Accepted.Scheme, BatchSettlementScheme.Name, StringComparison.Ordinal))
        {
            return new X402Error(X402ErrorReasons.BatchScheme, "the accepted offer is not for the batch-settlement scheme");
        }

        if (!string.Equals(payment.Accepted.Network, requirements.Network, StringComparison.Ordinal))
        {
            return new X402Error(X402ErrorReasons.BatchNetworkMismatch, "the accepted offer is for another network");
        }

        if (!readPayload(payment.Payload).TryGetValue(out var payload, out var readError))
        {
            return readError;
        }

        var valid = BatchSettlementPayloadValidator.Validate(payload);
        return valid.IsValid
            ? new FacilitatorRequest(payment, requirements, payload, RequirementTerms.Read(requirements))
            : valid.Error;
    }
}
