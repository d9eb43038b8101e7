using Billing.X402.Wire;

namespace Billing.X402.Facilitator;

/// <summary>
/// Body of a facilitator <c>POST /settle</c>: the same shape as <see cref="VerifyRequest"/>. For batch-settlement
/// the server also authors payloads here itself (<c>claim</c>, <c>settle</c>, enriched <c>refund</c>).
/// </summary>
public sealed record SettleRequest
{
    public required int X402Version { get; init; }

    public required PaymentPayload PaymentPayload { get; init; }

    public required PaymentRequirements PaymentRequirements { get; init; }
}
