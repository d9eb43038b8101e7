namespace Billing.Server.Payments;

/// <summary>The x402 schemes a paid route offers in its 402; with both, batch-settlement is listed first.</summary>
[Flags]
public enum PaymentSchemes
{
    /// <summary>Vouchers on a payment channel, settled in batches (the default).</summary>
    BatchSettlement = 1,

    /// <summary>One ERC-3009 transfer per request, settled on chain after the handler succeeded.</summary>
    Exact = 2,

    Both = BatchSettlement | Exact,
}
