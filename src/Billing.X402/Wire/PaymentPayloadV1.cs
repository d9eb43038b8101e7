using System.Text.Json;

namespace Billing.X402.Wire;

/// <summary>The v1 payment in the <c>X-PAYMENT</c> header; it names only scheme and network, not the whole offer.</summary>
public sealed record PaymentPayloadV1
{
    public required int X402Version { get; init; }

    public required string Scheme { get; init; }

    public required string Network { get; init; }

    public required JsonElement Payload { get; init; }
}
