namespace Billing.Server.Payments;

/// <summary>Endpoint metadata: this route costs at most <paramref name="Price"/> atomic units of the configured asset.</summary>
/// <param name="Price">The ceiling reserved from the payer's channel before the handler runs; the handler may charge less.</param>
public sealed record PaymentRequirement(UInt128 Price, string? Description = null);
