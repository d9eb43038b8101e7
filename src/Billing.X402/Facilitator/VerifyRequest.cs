using Billing.X402.Wire;

namespace Billing.X402.Facilitator;

/// <summary>Body of a facilitator <c>POST /verify</c>.</summary>
public sealed record VerifyRequest
{
    public required int X402Version { get; init; }

    public required PaymentPayload PaymentPayload { get; init; }

    public required PaymentRequirements PaymentRequirements { get; init; }
}
