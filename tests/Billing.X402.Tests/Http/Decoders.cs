namespace Billing.X402.Tests.Http;

[Flags]
internal enum Decoders
{
    None = 0,
    PaymentSignature = 1,
    XPayment = 2,
    PaymentRequired = 4,
    PaymentResponse = 8,
    All = PaymentSignature | XPayment | PaymentRequired | PaymentResponse,
}
