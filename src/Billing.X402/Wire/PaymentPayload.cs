using System.Text.Json;

namespace Billing.X402.Wire;

/// <summary>
/// The v2 payment, sent base64-encoded in the <c>PAYMENT-SIGNATURE</c> header. <see cref="Payload"/> is scheme
/// specific and stays raw JSON so it can be forwarded to a facilitator byte-for-byte; read it with
/// <see cref="BatchSettlement.BatchSettlementPayloadReader"/> or <see cref="Exact.ExactPayloadReader"/>.
/// </summary>
public sealed record PaymentPayload
{
    public required int X402Version { get; init; }

    public ResourceInfo? Resource { get; init; }

    /// <summary>A copy of the offer the client chose from <c>accepts[]</c>.</summary>
    public required PaymentRequirements Accepted { get; init; }

    public required JsonElement Payload { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}
