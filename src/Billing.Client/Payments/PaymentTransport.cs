namespace Billing.Client.Payments;

/// <summary>Sends a request on toward the payee: the handler's inner pipeline, or a caller's client for refunds.</summary>
internal delegate Task<HttpResponseMessage> PaymentTransport(HttpRequestMessage request, CancellationToken cancellationToken);
