using System.Text.Json;

namespace Billing.X402.Facilitator;

/// <summary>
/// Reply of a facilitator <c>POST /verify</c>. For batch-settlement, <see cref="Extra"/> carries the channel's on-chain
/// state; read it with <see cref="BatchSettlement.BatchSettlementExtra.ReadVerifyExtra"/>.
/// </summary>
public sealed record VerifyResponse
{
    public required bool IsValid { get; init; }

    public string? InvalidReason { get; init; }

    public string? InvalidMessage { get; init; }

    public string? Payer { get; init; }

    public JsonElement? Extra { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}
