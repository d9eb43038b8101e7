namespace Billing.X402.Wire;

/// <summary>The paid resource a v2 402 describes (hoisted out of each requirement in v2).</summary>
public sealed record ResourceInfo
{
    public required string Url { get; init; }

    public string? Description { get; init; }

    public string? MimeType { get; init; }
}
