namespace Billing.Client.Payments;

/// <summary>Per-request switches for <see cref="X402PaymentHandler"/>, set on <see cref="HttpRequestMessage.Options"/>.</summary>
public static class X402RequestOptions
{
    /// <summary>
    /// When true, the handler passes the request and its 402 through untouched. The SDK marks its own refund traffic
    /// this way, so a refund can be sent through a client that pays automatically without paying for the probe.
    /// </summary>
    public static HttpRequestOptionsKey<bool> PassThrough { get; } = new("Billing.X402.PassThrough");

    internal static bool IsPassThrough(HttpRequestMessage request) =>
        request.Options.TryGetValue(PassThrough, out var passThrough) && passThrough;
}
