using System.Text.Json;

namespace Billing.X402.Wire;

/// <summary>The v2 402 challenge, sent base64-encoded in the <c>PAYMENT-REQUIRED</c> header.</summary>
public sealed record PaymentRequired
{
    public required int X402Version { get; init; }

    public string? Error { get; init; }

    public required ResourceInfo Resource { get; init; }

    public required IReadOnlyList<PaymentRequirements> Accepts { get; init; }

    /// <summary>Extension key to <c>{info, schema}</c>; the client must echo what it got and may only add.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}
