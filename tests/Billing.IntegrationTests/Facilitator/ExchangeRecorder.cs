using System.Net;
using Billing.X402.Http;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>Sits under the agent SDK and records every exchange it makes: whether it carried a payment, and the 402's reason.</summary>
internal sealed class ExchangeRecorder() : DelegatingHandler(new HttpClientHandler())
{
    private readonly List<Exchange> _exchanges = [];

    public IReadOnlyList<Exchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return [.. _exchanges];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        string? reason = null;
        if (response.StatusCode == HttpStatusCode.PaymentRequired
            && response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values)
            && PaymentHeaderCodec.Default.DecodePaymentRequired(values.FirstOrDefault()).TryGetValue(out var required, out _))
        {
            reason = required.Error;
        }

        lock (_exchanges)
        {
            _exchanges.Add(new Exchange(request.Headers.Contains(X402Headers.PaymentSignature), response.StatusCode, reason));
        }

        return response;
    }
}

internal sealed record Exchange(bool Paid, HttpStatusCode Status, string? Reason);
