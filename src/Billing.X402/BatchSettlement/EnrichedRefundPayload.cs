namespace Billing.X402.BatchSettlement;

/// <summary>
/// The refund the server completes before sending it to the facilitator's <c>/settle</c>: the amount, the channel's
/// current refund nonce (uint256 decimal), the claims that must land first, and the receiver-authorizer signatures when
/// the server holds that key (otherwise the facilitator signs).
/// </summary>
public sealed record EnrichedRefundPayload : BatchSettlementPayload
{
    public override string Type => PayloadTypes.Refund;

    public required ChannelConfig ChannelConfig { get; init; }

    public required SignedVoucher Voucher { get; init; }

    public required string Amount { get; init; }

    public required string RefundNonce { get; init; }

    public required IReadOnlyList<VoucherClaim> Claims { get; init; }

    public string? RefundAuthorizerSignature { get; init; }

    public string? ClaimAuthorizerSignature { get; init; }
}
