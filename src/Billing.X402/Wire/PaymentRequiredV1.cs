namespace Billing.X402.Wire;

/// <summary>
/// The v1 402 body. The v1 specification makes <see cref="Error"/> mandatory, the reference TypeScript types make it
/// optional; it is optional here so third-party v1 servers still decode, and this engine always writes it.
/// </summary>
public sealed record PaymentRequiredV1
{
    public required int X402Version { get; init; }

    public string? Error { get; init; }

    public required IReadOnlyList<PaymentRequirementsV1> Accepts { get; init; }
}
