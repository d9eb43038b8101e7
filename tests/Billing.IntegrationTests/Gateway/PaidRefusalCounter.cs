using System.Net;
using Billing.X402.Http;

namespace Billing.IntegrationTests.Gateway;

/// <summary>
/// Sits between the SDK and the network and counts paid attempts the server answered with 402 (a corrective 402, or any
/// other refusal of a voucher). The unpaid first attempt of each request, answered with the offer, is not counted.
/// </summary>
internal sealed class PaidRefusalCounter() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _refused;
    private int _paid;

    public int Refused => Volatile.Read(ref _refused);

    public int Paid => Volatile.Read(ref _paid);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Headers.Contains(X402Headers.PaymentSignature))
        {
            Interlocked.Increment(ref _paid);
            if (response.StatusCode == HttpStatusCode.PaymentRequired)
            {
                Interlocked.Increment(ref _refused);
            }
        }

        return response;
    }
}
