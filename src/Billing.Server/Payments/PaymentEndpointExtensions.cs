namespace Billing.Server.Payments;

public static class PaymentEndpointExtensions
{
    /// <summary>
    /// Puts a price on an endpoint: requests without a valid payment get a 402 offering the batch-settlement scheme, paid
    /// requests are charged once the handler succeeds (status below 400).
    /// </summary>
    /// <param name="schemes">Batch-settlement by default; <see cref="PaymentSchemes.Exact"/> for one transfer per request.</param>
    public static TBuilder RequirePayment<TBuilder>(
        this TBuilder builder, UInt128 price, string? description = null, PaymentSchemes schemes = PaymentSchemes.BatchSettlement)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfEqual(price, UInt128.Zero);
        ArgumentOutOfRangeException.ThrowIfEqual((int)schemes, 0, nameof(schemes));
        builder.WithMetadata(new PaymentRequirement(price, description) { Schemes = schemes });
        return builder;
    }
}
