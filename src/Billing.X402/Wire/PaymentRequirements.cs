using System.Text.Json;

namespace Billing.X402.Wire;

/// <summary>
/// One offer in a v2 402 <c>accepts[]</c>, echoed back by the client as <c>accepted</c>. Addresses and amounts stay
/// strings here: <c>asset</c> may be an ISO-4217 code and <c>payTo</c> a role such as <c>"merchant"</c> on non-EVM
/// networks, and <c>amount</c> is an atomic-unit decimal string checked by <see cref="Formats.DecimalString"/>.
/// </summary>
public sealed record PaymentRequirements
{
    public required string Scheme { get; init; }

    /// <summary>CAIP-2 network id, e.g. <c>eip155:8453</c>.</summary>
    public required string Network { get; init; }

    public required string Amount { get; init; }

    public required string Asset { get; init; }

    public required string PayTo { get; init; }

    public required int MaxTimeoutSeconds { get; init; }

    /// <summary>
    /// Scheme data kept as raw JSON so fields this engine does not know survive a round trip and the echo match
    /// (<see cref="Matching.OfferMatcher"/>) compares exactly what the client sent.
    /// </summary>
    public JsonElement? Extra { get; init; }
}
