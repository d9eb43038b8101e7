using System.Text.Json;

namespace Billing.X402.Wire;

/// <summary>One v1 offer: network is a slug (<c>base-sepolia</c>) and the resource metadata sits on every offer.</summary>
public sealed record PaymentRequirementsV1
{
    public required string Scheme { get; init; }

    public required string Network { get; init; }

    public required string MaxAmountRequired { get; init; }

    public required string Asset { get; init; }

    public required string PayTo { get; init; }

    public required string Resource { get; init; }

    public required string Description { get; init; }

    public string? MimeType { get; init; }

    /// <summary>JSON Schema of the paid response.</summary>
    public JsonElement? OutputSchema { get; init; }

    public required int MaxTimeoutSeconds { get; init; }

    public JsonElement? Extra { get; init; }
}
