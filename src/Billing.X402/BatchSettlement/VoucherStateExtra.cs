namespace Billing.X402.BatchSettlement;

/// <summary>The highest voucher the server holds, sent in a corrective 402 so the client can resynchronise.</summary>
public sealed record VoucherStateExtra
{
    public string? SignedMaxClaimable { get; init; }

    public string? Signature { get; init; }
}
