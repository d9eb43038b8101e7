using Billing.X402.Http;

namespace Billing.Client.Payments;

/// <summary>
/// A request read once so it can be sent again with a payment: an <see cref="HttpRequestMessage"/> cannot be sent twice
/// and its content stream may not rewind.
/// </summary>
internal sealed class BufferedRequest
{
    private readonly HttpRequestMessage _original;
    private readonly byte[]? _body;

    private BufferedRequest(HttpRequestMessage original, byte[]? body)
    {
        _original = original;
        _body = body;
    }

    public Uri? RequestUri => _original.RequestUri;

    public static async Task<BufferedRequest> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return new BufferedRequest(request, body);
    }

    /// <summary>A fresh copy of the request carrying <c>PAYMENT-SIGNATURE</c>.</summary>
    public HttpRequestMessage WithPayment(string paymentSignature)
    {
        ArgumentException.ThrowIfNullOrEmpty(paymentSignature);
        var copy = new HttpRequestMessage(_original.Method, _original.RequestUri)
        {
            Version = _original.Version,
            VersionPolicy = _original.VersionPolicy,
        };
        foreach (var header in _original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in _original.Options)
        {
            copy.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        if (_body is not null)
        {
            copy.Content = new ByteArrayContent(_body);
            foreach (var header in _original.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        copy.Headers.Remove(X402Headers.PaymentSignature);
        copy.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, paymentSignature);
        return copy;
    }
}
