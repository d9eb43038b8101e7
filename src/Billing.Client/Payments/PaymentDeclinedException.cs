namespace Billing.Client.Payments;

/// <summary>The SDK would not pay: no acceptable offer, or the offer breaks the owner's limits.</summary>
public sealed class PaymentDeclinedException(string message) : Exception(message);
