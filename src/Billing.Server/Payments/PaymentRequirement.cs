namespace Billing.Server.Payments;

/// <summary>Endpoint metadata: this route costs at most <paramref name="Price"/> atomic units of the configured asset.</summary>
/// <param name="Price">The ceiling reserved from the payer's channel before the handler runs; the handler may charge less.</param>
public sealed record PaymentRequirement(UInt128 Price, string? Description = null)
{
    /// <summary>
    /// Prices each request from its own body instead of at <see cref="Price"/> (the metered gateway): when set, the
    /// middleware offers and reserves the quote's ceiling and lets the quote's exchange commit the metered charge.
    /// </summary>
    public IPaymentMetering? Metering { get; init; }

    /// <summary>
    /// The schemes offered. <c>exact</c> needs a price known before the handler runs, so a metered route offers
    /// batch-settlement only.
    /// </summary>
    public PaymentSchemes Schemes { get; init; } = PaymentSchemes.BatchSettlement;
}
