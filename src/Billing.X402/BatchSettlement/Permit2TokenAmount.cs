namespace Billing.X402.BatchSettlement;

/// <summary>Permit2 <c>permitted</c>: the token and the amount (decimal string) the signature allows.</summary>
public sealed record Permit2TokenAmount
{
    public required string Token { get; init; }

    public required string Amount { get; init; }
}
