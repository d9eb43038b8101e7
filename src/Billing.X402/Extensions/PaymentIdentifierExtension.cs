using System.Text.Json;

namespace Billing.X402.Extensions;

/// <summary>
/// <c>extensions["payment-identifier"]</c>: an idempotency key for a payment. Same id and same payload get the cached
/// response, same id with another payload gets 409, a required id that is missing gets 400.
/// </summary>
public sealed record PaymentIdentifierExtension
{
    public required PaymentIdentifierInfo Info { get; init; }

    /// <summary>JSON Schema of <see cref="Info"/>. Always written by <see cref="PaymentIdentifier.Declare"/>; tolerated when a client drops it.</summary>
    public JsonElement? Schema { get; init; }
}
