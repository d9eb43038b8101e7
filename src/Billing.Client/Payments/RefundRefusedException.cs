namespace Billing.Client.Payments;

/// <summary>The payee would not refund: it answered with an x402 reason (<see cref="Reason"/>) or not as x402 at all.</summary>
public sealed class RefundRefusedException(string? reason, string message) : Exception(message)
{
    /// <summary>The x402 error reason the payee gave, e.g. <c>invalid_batch_settlement_evm_refund_amount_invalid</c>.</summary>
    public string? Reason { get; } = reason;
}
