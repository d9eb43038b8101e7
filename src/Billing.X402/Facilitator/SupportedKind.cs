using System.Text.Json;

namespace Billing.X402.Facilitator;

/// <summary>One (version, scheme, network) a facilitator can verify and settle.</summary>
public sealed record SupportedKind
{
    public required int X402Version { get; init; }

    public required string Scheme { get; init; }

    public required string Network { get; init; }

    /// <summary>For batch-settlement: <c>{receiverAuthorizer}</c> when the facilitator can sign claims and refunds.</summary>
    public JsonElement? Extra { get; init; }
}
