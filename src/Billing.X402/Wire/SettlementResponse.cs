using System.Text.Json;

namespace Billing.X402.Wire;

/// <summary>
/// The receipt in <c>PAYMENT-RESPONSE</c> (v1: <c>X-PAYMENT-RESPONSE</c>) and the body of a facilitator
/// <c>/settle</c> reply. <see cref="Transaction"/> is <c>""</c> when nothing went on chain (a failure, or a
/// batch-settlement voucher), and batch-settlement vouchers also send <see cref="Amount"/> as <c>""</c>.
/// </summary>
public sealed record SettlementResponse
{
    public required bool Success { get; init; }

    public string? ErrorReason { get; init; }

    public string? ErrorMessage { get; init; }

    public string? Payer { get; init; }

    public required string Transaction { get; init; }

    public required string Network { get; init; }

    public string? Amount { get; init; }

    public JsonElement? Extra { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}
