using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Wire;
using EvmVoucherClaim = Billing.Evm.BatchSettlement.VoucherClaim;

namespace Billing.Server.Facilitator;

/// <summary>
/// <c>/settle</c> with a <c>claim</c> payload: one <c>claimWithSignature</c> over the batch. The caller's receiver-authorizer
/// signature is used as given; without one this facilitator signs, if it may (<see cref="ReceiverAuthorizerSignatures"/>).
/// The contract checks every payer signature and ceiling, and the simulation catches any row that would sink the batch.
/// </summary>
internal sealed class VoucherClaims(ReceiverAuthorizerSignatures signatures, ContractSubmission submission)
{
    public async Task<SettlementResponse> ClaimAsync(FacilitatorRequest request, ClaimPayload payload, CancellationToken cancellationToken)
    {
        if (!WireChannels.TryToContract(payload.Claims, out var claims))
        {
            return FacilitatorReplies.Failed(request.Network, new X402Error(X402ErrorReasons.InvalidPayload, "a claim's channel has an address with a bad EIP-55 checksum"));
        }

        if (!TryAuthorize(payload.ClaimAuthorizerSignature, claims, out var authorization, out var refusal))
        {
            return FacilitatorReplies.Failed(request.Network, refusal);
        }

        var submitted = await submission.SubmitAsync(
            "claim",
            BatchSettlementContract.EncodeClaimWithSignature(claims, authorization),
            X402ErrorReasons.BatchClaimSimulationFailed,
            X402ErrorReasons.BatchClaimTransactionFailed,
            cancellationToken);
        return submitted.Succeeded
            ? FacilitatorReplies.Settled(request.Network, submitted.Transaction, payer: null, amount: null)
            : FacilitatorReplies.Failed(request.Network, submitted.Error!, submitted.Transaction);
    }

    /// <summary>The claim batch's authorizer signature: the caller's, or ours when we may sign for every row.</summary>
    public bool TryAuthorize(string? supplied, IReadOnlyList<EvmVoucherClaim> claims, out byte[] authorization, out X402Error refusal)
    {
        refusal = null!;
        if (supplied is not null)
        {
            // Shape was validated with the payload; the contract judges whose signature it is.
            authorization = Hex.Decode(supplied);
            return true;
        }

        authorization = [];
        if (signatures.RefusalFor(claims.Select(c => c.Channel.ReceiverAuthorizer)) is { } refused)
        {
            refusal = refused;
            return false;
        }

        authorization = signatures.SignClaimBatch(claims);
        return true;
    }
}
