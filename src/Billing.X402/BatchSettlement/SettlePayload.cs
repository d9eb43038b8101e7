namespace Billing.X402.BatchSettlement;

/// <summary>Server-authored <c>/settle</c> payload that sweeps everything claimed for (receiver, token) in one transfer.</summary>
public sealed record SettlePayload : BatchSettlementPayload
{
    public override string Type => PayloadTypes.Settle;

    public required string Receiver { get; init; }

    public required string Token { get; init; }
}
