using System.Text.Json.Serialization;

namespace Billing.X402.BatchSettlement;

/// <summary>
/// A batch-settlement <c>payload</c>, discriminated by <c>type</c> (<see cref="PayloadTypes"/>). Client payloads are
/// <see cref="DepositPayload"/>, <see cref="VoucherPayload"/> and <see cref="RefundPayload"/>; the server authors
/// <see cref="ClaimPayload"/>, <see cref="SettlePayload"/> and <see cref="EnrichedRefundPayload"/> for the
/// facilitator's <c>/settle</c>. Read them with <see cref="BatchSettlementPayloadReader"/>. Field names and value
/// types are those of the reference <c>@x402/evm</c> 2.27.0 wire types, where the written specification is silent.
/// </summary>
public abstract record BatchSettlementPayload
{
    private protected BatchSettlementPayload()
    {
    }

    /// <summary>Written first on the wire, as the reference client does; ignored when reading (the reader dispatches on it).</summary>
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }
}
