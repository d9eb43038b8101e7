namespace Billing.X402.BatchSettlement;

/// <summary>Exactly one of the two authorizations is set; <see cref="BatchSettlementPayloadValidator"/> enforces it.</summary>
public sealed record DepositAuthorization
{
    public Erc3009DepositAuthorization? Erc3009Authorization { get; init; }

    public Permit2DepositAuthorization? Permit2Authorization { get; init; }
}
