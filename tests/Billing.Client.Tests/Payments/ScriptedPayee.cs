using System.Net;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.Client.Tests.Payments;

/// <summary>
/// A payee played by a script, for what the real server cannot show: payloads for a scheme it does not accept yet
/// (<c>exact</c>), and answers an honest server never gives (forged corrections, inflated receipts). Every request the
/// handler sends is recorded with its decoded payment, if any.
/// </summary>
internal sealed class ScriptedPayee(Func<PaymentPayload?, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly List<PaymentPayload?> _received = [];

    public IReadOnlyList<PaymentPayload?> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public IEnumerable<PaymentPayload> Payments => Received.OfType<PaymentPayload>();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        PaymentPayload? payment = null;
        if (request.Headers.TryGetValues(X402Headers.PaymentSignature, out var values))
        {
            payment = PaymentHeaderCodec.Default.DecodePaymentSignature(values.Single()).Value;
        }

        lock (_received)
        {
            _received.Add(payment);
        }

        return Task.FromResult(answer(payment));
    }

    public static HttpResponseMessage Challenge(PaymentRequired required)
    {
        var response = new HttpResponseMessage(HttpStatusCode.PaymentRequired);
        response.Headers.TryAddWithoutValidation(X402Headers.PaymentRequired, PaymentHeaderCodec.Default.EncodePaymentRequired(required));
        return response;
    }

    public static HttpResponseMessage Paid(SettlementResponse receipt)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"ok\":true}") };
        response.Headers.TryAddWithoutValidation(X402Headers.PaymentResponse, PaymentHeaderCodec.Default.EncodePaymentResponse(receipt));
        return response;
    }
}
