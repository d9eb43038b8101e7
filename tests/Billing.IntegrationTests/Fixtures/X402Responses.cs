using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Fixtures;

public static class X402Responses
{
    public static PaymentRequired PaymentRequired(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values), "no PAYMENT-REQUIRED header");
        return PaymentHeaderCodec.Default.DecodePaymentRequired(values.Single()).Value;
    }

    public static BatchSettlementResponseExtra Receipt(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(X402Headers.PaymentResponse, out var values), "no PAYMENT-RESPONSE header");
        var receipt = PaymentHeaderCodec.Default.DecodePaymentResponse(values.Single()).Value;
        Assert.True(receipt.Success);
        return BatchSettlementExtra.ReadResponseExtra(receipt).Value;
    }
}
