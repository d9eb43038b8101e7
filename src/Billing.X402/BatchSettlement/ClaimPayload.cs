namespace Billing.X402.BatchSettlement;

/// <summary>
/// Server-authored <c>/settle</c> payload that claims a batch with <c>claimWithSignature</c>. Without
/// <see cref="ClaimAuthorizerSignature"/> the facilitator signs, if its key is every row's receiver authorizer.
/// </summary>
public sealed record ClaimPayload : BatchSettlementPayload
{
    public override string Type => PayloadTypes.Claim;

    public required IReadOnlyList<VoucherClaim> Claims { get; init; }

    public string? ClaimAuthorizerSignature { get; init; }
}
